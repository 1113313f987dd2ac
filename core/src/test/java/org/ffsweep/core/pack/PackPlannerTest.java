package org.ffsweep.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.pack.PackPlanner.Probe;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.run.TrialRunnerTest;
import org.junit.jupiter.api.Test;

/** The planner's choice rule on given figures, and one real (short) probe. */
class PackPlannerTest {
    private static final double NA = Double.NaN;
    /** Keep whatever was measured (a loaded test machine measures unsteadily). */
    private static final double ANY = Double.POSITIVE_INFINITY;

    @Test
    void picksTheFastestMeasuredPackSize() {
        assertEquals(4, PackPlanner.choose(List.of(new Probe(1, 10, 1, true), new Probe(2, 18, 2, true),
                new Probe(4, 30, 4, true), new Probe(8, 29, 8, true))));
    }

    @Test
    void neverPicksAPackSlowerThanOneAtATime() {
        assertEquals(1, PackPlanner.choose(List.of(new Probe(1, 10, 1, true), new Probe(2, 9.5, 2, true))));
        assertEquals(1, PackPlanner.choose(List.of(new Probe(1, 10, 1, true), new Probe(2, 10, 2, true))));
    }

    @Test
    void ignoresPacksOverTheMemoryBudgetAndUnmeasuredOnes() {
        assertEquals(2, PackPlanner.choose(List.of(new Probe(1, 10, 1, true), new Probe(2, 15, 2, true),
                new Probe(4, NA, 4, false))));
        assertEquals(1, PackPlanner.choose(List.of(new Probe(2, 15, 2, true))));
        assertEquals(1, PackPlanner.choose(List.of()));
    }

    @Test
    void aRealProbeMeasuresFromOneTrialUpAndChoosesOneOfThem() {
        TrialConfig shape = PackRunnerTest.trial("seed=4", "training.batch-size=50");
        RuntimeConfig cpu = new RuntimeConfig(1, DevicePreference.CPU);
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        try (DeviceChooser.Lease lease = TrialRunner.lease(cpu, null)) {
            PackPlanner.Plan plan = PackPlanner.plan(shape, cpu, lease, data, 4, 0.5, 3);
            assertFalse(plan.probes().isEmpty());
            assertEquals(1, plan.probes().get(0).trials());
            for (Probe p : plan.probes()) {
                assertTrue(p.measured() && p.trialStepsPerSecond() > 0, p.toString());
                assertTrue(p.trials() <= 4, p.toString());
            }
            assertTrue(plan.probes().stream().anyMatch(p -> p.trials() == plan.packSize()), plan.toString());
            assertEquals(PackPlanner.choose(plan.probes()), plan.packSize());
            assertEquals(1, PackPlanner.plan(shape, cpu, lease, data, 1, 0.5, 3).packSize());
            assertThrows(IllegalArgumentException.class, () -> PackPlanner.plan(shape, cpu, lease, data, 4, 0, 3));
        }
    }

    @Test
    void aPackOverTheBudgetIsNotMeasured() {
        TrialConfig shape = PackRunnerTest.trial("seed=4", "model.hidden-sizes=[2000, 2000]",
                "training.batch-size=50");
        RuntimeConfig cpu = new RuntimeConfig(1, DevicePreference.CPU);
        TrialData data = new TrialData(TrialRunnerTest.images(100, 1), TrialRunnerTest.images(20, 2), "synthetic");
        double perTrial = org.ffsweep.core.config.MemoryEstimate.bytes(shape);
        double fraction = 1.5 * perTrial / org.ffsweep.core.config.MemoryEstimate.availableBytes();
        try (DeviceChooser.Lease lease = TrialRunner.lease(cpu, null)) {
            PackPlanner.Plan plan = PackPlanner.plan(shape, cpu, lease, data, 8, fraction, 1);
            assertEquals(2, plan.probes().size());
            assertFalse(plan.probes().get(1).fits());
            assertEquals(1, plan.packSize());
        }
    }

    @Test
    void aKeptPlanIsTakenWithoutMeasuringWhileItFitsTheBudget(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TrialConfig shape = PackRunnerTest.trial("seed=4", "training.batch-size=50");
        RuntimeConfig cpu = new RuntimeConfig(1, DevicePreference.CPU);
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        org.ffsweep.core.run.MeasurementCache cache = org.ffsweep.core.run.MeasurementCache.at(dir.toString());
        try (DeviceChooser.Lease lease = TrialRunner.lease(cpu, null)) {
            PackPlanner.Plan measured = PackPlanner.plan(shape, cpu, lease, data, 4, 0.5, 2, cache, ANY);
            assertEquals(null, measured.saved());
            PackPlanner.Plan kept = PackPlanner.plan(shape, cpu, lease, data, 4, 0.5, 2, cache, ANY);
            assertTrue(kept.saved() != null, kept.toString());
            assertEquals(measured.packSize(), kept.packSize());
            assertEquals(measured.probes(), kept.probes());
            // another seed, threshold or margin is the same shape: kept
            TrialConfig other = PackRunnerTest.trial("seed=9", "ff.threshold=3", "training.batch-size=50");
            assertTrue(PackPlanner.plan(other, cpu, lease, data, 4, 0.5, 2, cache, ANY).saved() != null);
            // another largest pack is another measurement
            assertEquals(null, PackPlanner.plan(shape, cpu, lease, data, 2, 0.5, 2, cache, ANY).saved());
            // a kept pack that no longer fits the budget is measured again
            if (kept.packSize() > 1) {
                double fraction = 1.01 * org.ffsweep.core.config.MemoryEstimate.bytes(shape)
                        / org.ffsweep.core.config.MemoryEstimate.availableBytes();
                assertEquals(null, PackPlanner.plan(shape, cpu, lease, data, 4, fraction, 2, cache, ANY).saved());
            }
        }
    }

    @Test
    void spreadIsTheInterquartileRangeOverTheMedian() {
        assertEquals(0.0, PackPlanner.spread(List.of(5L, 5L, 5L, 5L)), 1e-12);
        // sorted 1, 2, 3, 4, 100: q1 = 2, q3 = 4, median 3
        assertEquals(2 / 3.0, PackPlanner.spread(List.of(100L, 3L, 1L, 4L, 2L)), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, PackPlanner.spread(List.of(1L, 2L, 3L)));
    }

    @Test
    void anUnsteadyPlanIsUsedButNotKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TrialConfig shape = PackRunnerTest.trial("seed=4", "training.batch-size=50");
        RuntimeConfig cpu = new RuntimeConfig(1, DevicePreference.CPU);
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        org.ffsweep.core.run.MeasurementCache cache = org.ffsweep.core.run.MeasurementCache.at(dir.toString());
        try (DeviceChooser.Lease lease = TrialRunner.lease(cpu, null)) {
            PackPlanner.Plan p = PackPlanner.plan(shape, cpu, lease, data, 2, 0.5, 2, cache, -1);
            assertEquals(PackPlanner.choose(p.probes()), p.packSize());
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void restoreRefusesInconsistentValues() {
        assertEquals(2, PackPlanner.restore(java.util.Map.of("pack-size", "2", "probes",
                "1:10.0:5.0:true,2:15.0:10.0:true,4:NaN:20.0:false"), 4).orElseThrow().packSize());
        assertTrue(PackPlanner.restore(java.util.Map.of("pack-size", "4", "probes", "1:10.0:5.0:true,2:15.0:10.0:true"),
                4).isEmpty());
        assertTrue(PackPlanner.restore(java.util.Map.of("pack-size", "2", "probes", "1:10.0:5.0:true,2:15.0:10.0:true"),
                1).isEmpty());
        assertTrue(PackPlanner.restore(java.util.Map.of("pack-size", "2", "probes", "1:10.0"), 4).isEmpty());
        assertTrue(PackPlanner.restore(java.util.Map.of("pack-size", "2"), 4).isEmpty());
    }
}
