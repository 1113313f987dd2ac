package org.ffsweep.sweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.grid.SchedulerSettings.Metric;
import org.junit.jupiter.api.Test;

class RungReportTest {
    /** Two layers recorded at steps 15 and 20 (and 25, past the rung), evaluations at 10 and 20. */
    private static TrialResult result() {
        List<StepMetrics> steps = List.of(
                new StepMetrics(15, 1, 1, 1, 0.7, 2.00, 2.00),
                new StepMetrics(15, 1, 1, 2, 0.9, 2.00, 2.00),
                new StepMetrics(20, 1, 1, 1, 0.6, 2.10, 2.02),
                new StepMetrics(20, 1, 1, 2, 0.8, 1.99, 2.01),
                new StepMetrics(25, 1, 1, 1, 0.5, 3.00, 1.00),
                new StepMetrics(25, 1, 1, 2, 0.4, 3.00, 1.00));
        List<EvalMetrics> evals = List.of(
                new EvalMetrics(10, 1, 1, 0.1, 0.1135, 0.1125, 1, true, 1.0),
                new EvalMetrics(20, 1, 1, 0.1, 0.1135, 0.11251, 1, true, 1.0),
                new EvalMetrics(25, 1, 1, 0.9, 0.9, 0.9, 10, false, 1.0));
        return new TrialResult(null, "hash", "data", TrialStatus.STOPPED, "paused", 0.1, 0.1135, true, 25, Map.of(),
                "cpu", Map.of(), steps, evals);
    }

    @Test
    void validationThenSeparationRoundsTheAccuracyAndReadsTheLayersAtTheRung() {
        RungReport r = RungReport.of(Metric.VALIDATION_ACCURACY_THEN_SEPARATION, result(), 20, 2.0);
        assertEquals(0.113, r.value(), 0, "0.11251 to 0.1 point, half up");
        // step 20: layer 1 (2.10 - 2.02) / 2 = 0.04, layer 2 (1.99 - 2.01) / 2 = -0.01; mean 0.015
        assertEquals(0.015, r.tieBreak(), 1e-12);
        assertTrue(r.onPlateau());
        RungDecisions.Report ranked = r.ranked(Metric.VALIDATION_ACCURACY_THEN_SEPARATION);
        assertEquals(new RungDecisions.Report(0.113, 0.015, true), new RungDecisions.Report(ranked.value(),
                Math.rint(ranked.tieBreak() * 1e12) / 1e12, ranked.onPlateau()));
        // a rung between records reads the last one before it (step 15: separations 0)
        assertEquals(0.0, RungReport.of(Metric.VALIDATION_ACCURACY_THEN_SEPARATION, result(), 18, 2.0).tieBreak());
        // threshold 0: the goodness difference itself
        assertEquals(0.03, RungReport.separation(result(), 20, 0), 1e-12);
        // nothing recorded yet: no separation, ranked after every number
        assertTrue(Double.isNaN(RungReport.separation(result(), 10, 2.0)));
    }

    @Test
    void theTieBreakIsComparedOnAGridCoarserThanAPacksRounding() {
        // separations of one trial at one rung, packed and alone (AshaSweepIT's sweep): one tie-break
        assertEquals(RungReport.onGrid(3.329912821451823E-4), RungReport.onGrid(3.330707550048828E-4));
        assertEquals(0.00033, RungReport.onGrid(3.329912821451823E-4));
        assertEquals(RungReport.onGrid(-1.5099843343098958E-6), RungReport.onGrid(-1.5894571940104167E-6));
        assertEquals("0.0", Double.toString(RungReport.onGrid(-1.5894571940104167E-6)), "no negative zero");
        assertEquals(RungReport.onGrid(6.882349650065105E-5), RungReport.onGrid(6.898244222005208E-5));
        assertEquals(0.00643, RungReport.onGrid(0.006431400775909424));
        assertTrue(Double.isNaN(RungReport.onGrid(Double.NaN)));
    }

    @Test
    void theOtherMetricsAreAsMeasuredWithoutATieBreak() {
        RungReport v = RungReport.of(Metric.VALIDATION_ACCURACY, result(), 20, 2.0);
        assertEquals(0.11251, v.value(), 0);
        assertTrue(Double.isNaN(v.tieBreak()));
        RungReport loss = RungReport.of(Metric.LAST_LAYER_LOSS, result(), 20, 2.0);
        assertEquals(0.8, loss.value(), 0);
        assertEquals(-0.8, loss.ranked(Metric.LAST_LAYER_LOSS).value(), 0);
        assertFalse(RungReport.of(Metric.VALIDATION_ACCURACY, result(), 25, 2.0).onPlateau());
    }
}
