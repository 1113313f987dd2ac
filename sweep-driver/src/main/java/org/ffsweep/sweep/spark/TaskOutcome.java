package org.ffsweep.sweep.spark;

import java.io.Serializable;
import org.ffsweep.core.run.Execution;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.grid.TrialSpec;

/**
 * What one Spark task sends back: the trial's result, or the error that ended it. A trial that
 * throws is a result row too (status {@code failed}); Spark retries only infrastructure failures.
 *
 * @param spec the trial
 * @param result its result, or null if it threw
 * @param errorClass the exception's class, or null
 * @param errorMessage the exception's message, or null
 * @param where the executor that ran it
 * @param startedAtMillis when the task started (epoch milliseconds)
 * @param endedAtMillis when it ended
 * @param seconds the task's wall time
 * @param execution its threads, trials at once and pack
 */
public record TaskOutcome(TrialSpec spec, TrialResult result, String errorClass, String errorMessage,
        Placement where, long startedAtMillis, long endedAtMillis, double seconds, Execution execution)
        implements Serializable {

    /** An outcome that does not say how the trial ran. */
    public TaskOutcome(TrialSpec spec, TrialResult result, String errorClass, String errorMessage, Placement where,
            long startedAtMillis, long endedAtMillis, double seconds) {
        this(spec, result, errorClass, errorMessage, where, startedAtMillis, endedAtMillis, seconds,
                Execution.UNKNOWN);
    }

    /**
     * Where a task ran.
     *
     * @param host the executor's host name
     * @param executorId Spark's executor id ({@code driver} in local mode)
     * @param gpuAddress the GPU address Spark assigned to the task, or null
     * @param attempt Spark's attempt number of the task (0 = first)
     */
    public record Placement(String host, String executorId, String gpuAddress, int attempt) implements Serializable {}

    public TrialStatus status() {
        return result == null ? TrialStatus.FAILED : result.status();
    }
}
