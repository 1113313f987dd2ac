package org.ffsweep.sweep.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.TreeMap;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code ffsweep.sweep.scheduler}: reading, refusals naming the key, rung planning, and what a scheduled trial needs. */
class SchedulerSettingsTest {

    private static ConfigLoader.Loaded load(String text) {
        return ConfigLoader.load(ConfigFactory.parseString(text), List.of());
    }

    private static SchedulerSettings read(String scheduler) {
        return SchedulerSettings.read(load("ffsweep.sweep.scheduler { " + scheduler + " }").root());
    }

    private static TrialSpec trial(String trial) {
        TrialConfig c = load("ffsweep.trial { " + trial + " }").trial();
        return new TrialSpec(c.configHash(), c, new TreeMap<>());
    }

    /** The message of what {@code e} throws, checked to contain every one of {@code parts}. */
    private static void refused(Executable e, String... parts) {
        Exception x = assertThrows(Exception.class, e);
        for (String p : parts) {
            assertTrue(String.valueOf(x.getMessage()).contains(p), x.getMessage() + " lacks " + p);
        }
    }

    @Test
    void defaultsAreNoScheduler() {
        SchedulerSettings s = read("");
        assertFalse(s.enabled());
        assertEquals(SchedulerSettings.Metric.VALIDATION_ACCURACY_THEN_SEPARATION, s.metric());
        s.check(List.of(trial(""))); // nothing is required without a scheduler
    }

    @Test
    void rungsFromMinStepsAndReductionFactorStayBelowTheTrialsSteps() {
        SchedulerSettings s = read("kind = asha, min-steps = 40, reduction-factor = 3");
        assertEquals(40, s.rungStep(0));
        assertEquals(360, s.rungStep(2));
        assertArrayEquals(new long[] {40, 120, 360}, s.rungsBelow(1000));
        assertArrayEquals(new long[] {40, 120}, s.rungsBelow(360));
        assertEquals(0, s.rungsBelow(40).length);
        assertTrue(s.asha());
    }

    @Test
    void explicitRungsWinAndEndTheSchedule() {
        SchedulerSettings s = read("kind = successive-halving, rungs = [25, 100], plateau-guard-steps = 25");
        assertArrayEquals(new long[] {25, 100}, s.rungsBelow(12000));
        assertEquals(-1, s.rungStep(2));
        assertTrue(s.guarded(0));
        assertFalse(s.guarded(1));
        assertFalse(s.asha());
    }

    @Test
    void badValuesNameTheirKey() {
        refused(() -> read("kind = hyperband"), "ffsweep.sweep.scheduler.kind", "asha");
        refused(() -> read("metric = test-accuracy"), "ffsweep.sweep.scheduler.metric", "test set is only reported");
        refused(() -> read("reduction-factor = 1"), "ffsweep.sweep.scheduler.reduction-factor");
        refused(() -> read("min-steps = 0"), "ffsweep.sweep.scheduler.min-steps");
        refused(() -> read("rungs = [100, 50]"), "ffsweep.sweep.scheduler.rungs");
        refused(() -> read("rungs = [10.5]"), "ffsweep.sweep.scheduler.rungs");
        refused(() -> read("plateau-guard-steps = -1"), "ffsweep.sweep.scheduler.plateau-guard-steps");
    }

    @Test
    void aScheduledTrialNeedsAValidationSetAnEvaluationAtEveryRungAndACheckpoint() {
        SchedulerSettings s = read("kind = asha, min-steps = 10, reduction-factor = 2");
        String ok = "data.validation-size = 500, metrics.eval-every-steps = 5, training { epochs = 10,"
                + " train-limit = 2000, batch-size = 500 }";
        s.check(List.of(trial(ok)));
        refused(() -> s.check(List.of(trial(ok + ", data.validation-size = 0"))),
                "ffsweep.trial.data.validation-size", "last-layer-loss");
        read("kind = asha, metric = last-layer-loss, min-steps = 10").check(
                List.of(trial(ok + ", data.validation-size = 0")));
        refused(() -> s.check(List.of(trial(ok + ", metrics.eval-every-steps = 0"))),
                "ffsweep.trial.metrics.eval-every-steps");
        refused(() -> s.check(List.of(trial(ok + ", metrics.eval-every-steps = 3"))),
                "ffsweep.trial.metrics.eval-every-steps", "step 10");
        refused(() -> s.check(List.of(trial(ok + ", model { kind = backprop-mlp, dropout = 0.2 }"))),
                "ffsweep.trial.model.dropout");
    }

    @Test
    void theDryRunCountsTheFullGridAndTheScheduledSteps() {
        SchedulerSettings s = read("kind = asha, min-steps = 10, reduction-factor = 2");
        String base = "data.validation-size = 500, metrics.eval-every-steps = 5, training { epochs = 10,"
                + " train-limit = 2000, batch-size = 500 }";
        List<TrialSpec> trials = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> trial(base + ", seed = " + i)).toList();
        assertEquals(40, PlannedSteps.of(trials.get(0).config()));
        RungPlan.Steps st = RungPlan.steps(s, trials);
        // 8 reach step 10 (4 stop there), 4 reach step 20 (2 stop), 2 run their 40 steps
        assertEquals(320, st.fullSteps());
        assertEquals(List.of(8, 4), st.reaching());
        assertEquals(4 * 10 + 2 * 20 + 2 * 40, st.halvingSteps());
        assertTrue(RungPlan.describe(s, trials).contains("  8 trial(s) of 40 steps: rungs at steps 10, 20"));
    }
}
