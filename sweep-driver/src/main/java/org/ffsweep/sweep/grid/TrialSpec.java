package org.ffsweep.sweep.grid;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.util.Checks;

/**
 * One expanded, validated trial of a sweep: a small immutable value that can be shipped to
 * wherever the trial runs.
 *
 * @param trialId the trial's identity, {@link TrialConfig#configHash()}
 * @param config the fully resolved trial
 * @param axisValues the value this trial took on each axis of the sweep (path relative to
 *     {@code ffsweep.trial}, and {@code seed} when the sweep has repeats), as HOCON/JSON text;
 *     empty for the base trial of a one-at-a-time study
 */
public record TrialSpec(String trialId, TrialConfig config, SortedMap<String, String> axisValues)
        implements java.io.Serializable {

    public TrialSpec {
        Checks.notNull("trialId", trialId);
        Checks.notNull("config", config);
        Checks.notNull("axisValues", axisValues);
        if (!trialId.equals(config.configHash())) {
            throw new IllegalArgumentException(
                    "trialId must be the config's hash " + config.configHash() + ", got " + trialId);
        }
        axisValues = Collections.unmodifiableSortedMap(new TreeMap<>(axisValues));
    }

    /** {@code trialId} followed by {@code path=value} for each axis, in path order. */
    public String describe() {
        StringBuilder sb = new StringBuilder(trialId);
        axisValues.forEach((path, value) -> sb.append("  ").append(path).append('=').append(value));
        return sb.toString();
    }
}
