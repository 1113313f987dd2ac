package org.ffsweep.sweep.schedule;

import java.util.HashMap;
import java.util.Map;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.grid.SchedulerSettings.Metric;

/**
 * What a trial paused at a rung reports: its metric read from the result of the segment that
 * paused it, at or before the rung's step.
 *
 * @param value the metric as compared (NaN when the trial has none at or before the step): for
 *     {@code validation-accuracy-then-separation} the validation accuracy rounded to 0.1 point
 *     (half up), else the metric as measured (a loss is not negated)
 * @param tieBreak what settles equal values: for {@code validation-accuracy-then-separation} the
 *     mean separation (see {@link #separation}) rounded to {@value #SEPARATION_STEP} (half up, as
 *     the progress line prints it); NaN for the other metrics or when no layer statistics were
 *     recorded at or before the step
 * @param onPlateau the trial's last evaluation at or before the step gave every image one label
 */
public record RungReport(double value, double tieBreak, boolean onPlateau) {
    /**
     * The grid the separation is compared on. A packed trial's goodness equals its solo run's up to
     * float rounding (a few 1e-8 of the threshold), so its separation may differ from the solo one
     * by ~1e-7: on this grid both give the same tie-break unless the separation lies within that
     * distance of a midpoint between two grid values (docs/pruning.md, "Packs and decisions").
     */
    public static final double SEPARATION_STEP = 1e-5;
    /** 1 / {@link #SEPARATION_STEP}, exactly: a rounded separation is the double nearest to n / SCALE. */
    private static final double SCALE = 100_000;

    /**
     * The report of {@code r} at {@code step} by {@code metric}.
     *
     * @param threshold the trial's {@code ff.threshold}, which scales the separation
     */
    public static RungReport of(Metric metric, TrialResult r, long step, double threshold) {
        EvalMetrics last = null;
        for (EvalMetrics e : r.evalMetrics()) {
            if (e.step() <= step) {
                last = e;
            }
        }
        boolean plateau = last != null && last.collapsed();
        double validation = last == null ? Double.NaN : last.validationAccuracy();
        return switch (metric) {
            case VALIDATION_ACCURACY -> new RungReport(validation, Double.NaN, plateau);
            case VALIDATION_ACCURACY_THEN_SEPARATION -> new RungReport(Double.isNaN(validation) ? Double.NaN
                    : Math.round(validation * 1000) / 1000.0, onGrid(separation(r, step, threshold)), plateau);
            case LAST_LAYER_LOSS -> {
                int layers = r.stepMetrics().stream().mapToInt(StepMetrics::layer).max().orElse(0);
                double loss = Double.NaN;
                for (StepMetrics m : r.stepMetrics()) {
                    if (m.step() <= step && m.layer() == layers) {
                        loss = m.loss();
                    }
                }
                yield new RungReport(loss, Double.NaN, plateau);
            }
        };
    }

    /**
     * The mean over layers of (g_pos - g_neg) / threshold at the last step at or before
     * {@code step} with recorded layer statistics (mean goodness of the step's positives and
     * negatives, the {@code epochs} table); divided by 1 when the threshold is 0; NaN when none
     * was recorded or a value is not finite.
     */
    public static double separation(TrialResult r, long step, double threshold) {
        long at = -1;
        for (StepMetrics m : r.stepMetrics()) {
            if (m.step() <= step && m.step() > at) {
                at = m.step();
            }
        }
        if (at < 0) {
            return Double.NaN;
        }
        Map<Integer, Double> byLayer = new HashMap<>();
        for (StepMetrics m : r.stepMetrics()) {
            if (m.step() == at) {
                byLayer.put(m.layer(), m.goodnessPos() - m.goodnessNeg());
            }
        }
        double scale = threshold > 0 ? threshold : 1;
        double mean = byLayer.values().stream().mapToDouble(d -> d / scale).average().orElse(Double.NaN);
        return Double.isFinite(mean) ? mean : Double.NaN;
    }

    /** {@code separation} rounded to {@link #SEPARATION_STEP}, half up; NaN stays NaN. */
    static double onGrid(double separation) {
        return Double.isNaN(separation) ? Double.NaN : Math.round(separation * SCALE) / SCALE;
    }

    /** As {@link RungDecisions} ranks it: higher is better, so a loss is negated. */
    public RungDecisions.Report ranked(Metric metric) {
        return new RungDecisions.Report(metric == Metric.LAST_LAYER_LOSS ? -value : value, tieBreak, onPlateau);
    }
}
