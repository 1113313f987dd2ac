package org.ffsweep.core.config;

import org.ffsweep.core.util.Checks;

/** What is measured while training: {@code ffsweep.trial.metrics}. */
public record MetricsConfig(int everySteps, int evalEverySteps, int trainEvalSize) implements java.io.Serializable {

    public MetricsConfig {
        Checks.positive("metrics.every-steps", everySteps);
        Checks.nonNegative("metrics.eval-every-steps", evalEverySteps);
        Checks.nonNegative("metrics.train-eval-size", trainEvalSize);
    }

    static MetricsConfig read(ConfigReader r) {
        return new MetricsConfig(
                r.positiveInt("every-steps"),
                r.nonNegativeInt("eval-every-steps"),
                r.nonNegativeInt("train-eval-size"));
    }
}
