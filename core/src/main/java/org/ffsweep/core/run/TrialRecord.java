package org.ffsweep.core.run;

import com.google.gson.JsonObject;
import java.time.Instant;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.util.Checks;

/**
 * Everything one row of {@link ResultTables#TRIALS} is read from: the trial, its result (if it
 * produced one), and where and when it ran. The sweep driver builds it from a Spark task's
 * outcome; the {@code train} command from a result alone ({@link #of(TrialResult)}), whose JSON
 * uses only the columns that come from the trial and its result.
 *
 * @param sweep the sweep's name, or null outside a sweep
 * @param config the trial
 * @param result its result, or null if it threw
 * @param status how it ended
 * @param errorClass the exception's class, or null
 * @param errorMessage the exception's message, or null
 * @param secondsTask the task's wall time, or null outside a sweep
 * @param host the host it ran on, or null outside a sweep
 * @param executorId Spark's executor id, or null outside a sweep
 * @param gpuAddress the GPU address Spark assigned, or null
 * @param attempt Spark's attempt number, or null outside a sweep
 * @param startedAt when it started, or null outside a sweep
 * @param endedAt when it ended, or null outside a sweep
 * @param axisValues the values it took on the sweep's axes, typed ({@code {"ff.threshold":2.0}})
 * @param execution its threads, trials at once and pack ({@link Execution#UNKNOWN} if not recorded)
 */
public record TrialRecord(String sweep, TrialConfig config, TrialResult result, TrialStatus status,
        String errorClass, String errorMessage, Double secondsTask, String host, String executorId,
        String gpuAddress, Integer attempt, Instant startedAt, Instant endedAt, JsonObject axisValues,
        Execution execution) {

    public TrialRecord {
        Checks.notNull("config", config);
        Checks.notNull("status", status);
        Checks.notNull("execution", execution);
    }

    /** A record that does not say how the trial ran ({@link Execution#UNKNOWN}). */
    public TrialRecord(String sweep, TrialConfig config, TrialResult result, TrialStatus status, String errorClass,
            String errorMessage, Double secondsTask, String host, String executorId, String gpuAddress,
            Integer attempt, Instant startedAt, Instant endedAt, JsonObject axisValues) {
        this(sweep, config, result, status, errorClass, errorMessage, secondsTask, host, executorId, gpuAddress,
                attempt, startedAt, endedAt, axisValues, Execution.UNKNOWN);
    }

    /** A result outside a sweep (the {@code train} command). */
    public static TrialRecord of(TrialResult r) {
        return new TrialRecord(null, r.config(), r, r.status(), null, null, null, null, null, null, null, null,
                null, new JsonObject());
    }

    /** The time of {@code phase}, or null if the trial has no result or did not record it. */
    public Double phaseSeconds(Phase phase) {
        return result == null ? null : result.phaseSeconds().get(phase);
    }
}
