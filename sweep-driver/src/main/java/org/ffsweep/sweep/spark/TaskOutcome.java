package org.ffsweep.sweep.spark;

import java.io.Serializable;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.sweep.grid.TrialSpec;

/**
 * What one Spark task sends back: the trial's result, or the error that ended it. A trial that
 * throws is a result row too (status {@code failed}); Spark retries only infrastructure failures.
 *
 * @param spec the trial
 * @param result its result, or null if it threw
 * @param errorClass the exception's class, or null
 * @param errorMessage the exception's message, or null
 * @param host where it ran
 * @param seconds the task's wall time
 */
public record TaskOutcome(TrialSpec spec, TrialResult result, String errorClass, String errorMessage, String host,
        double seconds) implements Serializable {

    public String status() {
        return result == null ? "failed" : result.status().key();
    }
}
