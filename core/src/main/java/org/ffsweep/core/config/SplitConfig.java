package org.ffsweep.core.config;

import org.ffsweep.core.util.Checks;

/**
 * How a trial's training images are split: {@code ffsweep.trial.data}.
 *
 * @param validationSize images held out of the training set (stratified by label, fixed by the
 *     trial's seed) and scored at every evaluation; 0 = none, all of them train (the study)
 */
public record SplitConfig(int validationSize) implements java.io.Serializable {

    public SplitConfig {
        Checks.nonNegative("data.validation-size", validationSize);
    }

    static SplitConfig read(ConfigReader r) {
        return new SplitConfig(r.nonNegativeInt("validation-size"));
    }
}
