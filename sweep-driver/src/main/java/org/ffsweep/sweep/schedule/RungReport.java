package org.ffsweep.sweep.schedule;

import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.grid.SchedulerSettings.Metric;

/**
 * What a trial paused at a rung reports: its metric read from the result of the segment that
 * paused it, at or before the rung's step.
 *
 * @param value the metric as measured (NaN when the trial has none at or before the step)
 * @param onPlateau the trial's last evaluation at or before the step gave every image one label
 */
public record RungReport(double value, boolean onPlateau) {

    /** The report of {@code r} at {@code step} by {@code metric}. */
    public static RungReport of(Metric metric, TrialResult r, long step) {
        EvalMetrics last = null;
        for (EvalMetrics e : r.evalMetrics()) {
            if (e.step() <= step) {
                last = e;
            }
        }
        boolean plateau = last != null && last.collapsed();
        double value = Double.NaN;
        if (metric == Metric.VALIDATION_ACCURACY) {
            value = last == null ? Double.NaN : last.validationAccuracy();
        } else {
            int layers = r.stepMetrics().stream().mapToInt(StepMetrics::layer).max().orElse(0);
            for (StepMetrics m : r.stepMetrics()) {
                if (m.step() <= step && m.layer() == layers) {
                    value = m.loss();
                }
            }
        }
        return new RungReport(value, plateau);
    }

    /** As {@link RungDecisions} ranks it: higher is better, so a loss is negated. */
    public RungDecisions.Report ranked(Metric metric) {
        return new RungDecisions.Report(metric == Metric.LAST_LAYER_LOSS ? -value : value, onPlateau);
    }
}
