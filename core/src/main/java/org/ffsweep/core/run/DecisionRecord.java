package org.ffsweep.core.run;

import java.time.Instant;

/**
 * One row of the {@code decisions} table: what a sweep's scheduler decided for one trial at one
 * rung (the trial's id is the table's {@code trial_id} partition).
 *
 * @param rung the rung, 0-based
 * @param step the rung's step
 * @param metric the rung metric's name ({@code validation-accuracy-then-separation},
 *     {@code validation-accuracy}, {@code last-layer-loss})
 * @param value the trial's value of the metric at the rung, as compared: the validation accuracy
 *     rounded to 0.1 point for {@code validation-accuracy-then-separation}, else as measured (a
 *     loss is not negated)
 * @param tieBreak what settled equal values: the mean over layers of (g_pos - g_neg) / threshold
 *     for {@code validation-accuracy-then-separation}; NaN for the other metrics (null in the table)
 * @param promoted whether the trial goes on to the next rung (else it stopped here)
 * @param decidedAt when the decision was first written
 */
public record DecisionRecord(int rung, long step, String metric, double value, double tieBreak,
        boolean promoted, Instant decidedAt) {
    /** The {@code decision} column: {@code promoted} or {@code stopped}. */
    public String decision() {
        return promoted ? "promoted" : "stopped";
    }
}
