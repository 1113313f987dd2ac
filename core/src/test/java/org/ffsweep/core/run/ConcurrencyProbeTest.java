package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.StepEvent;
import org.junit.jupiter.api.Test;

class ConcurrencyProbeTest {

    @Test
    void candidatesArePowersOfTwoThenTheCores() {
        assertArrayEquals(new int[] {1, 2}, ConcurrencyProbe.candidates(2, 10));
        assertArrayEquals(new int[] {1, 2, 4, 6}, ConcurrencyProbe.candidates(6, 10));
        assertArrayEquals(new int[] {1, 2, 3}, ConcurrencyProbe.candidates(8, 3));
        assertArrayEquals(new int[] {1}, ConcurrencyProbe.candidates(1, 5));
    }

    @Test
    void threadsAreTheCoresSharedUnlessFixed() {
        RuntimeConfig any = new RuntimeConfig(0, DevicePreference.CPU);
        assertEquals(4, ConcurrencyProbe.threadsEach(any, 8, 2));
        assertEquals(1, ConcurrencyProbe.threadsEach(any, 2, 4));
        assertEquals(3, ConcurrencyProbe.threadsEach(any.withThreads(3), 8, 2));
    }

    private static ConcurrencyProbe.Probe probe(int t, double rate) {
        return new ConcurrencyProbe.Probe(t, 1, 100, 1, rate);
    }

    @Test
    void aLargerNumberWinsOnlyWhenClearlyFaster() {
        assertEquals(1, ConcurrencyProbe.pick(List.of(probe(1, 10), probe(2, 10.4))).trials());
        assertEquals(2, ConcurrencyProbe.pick(List.of(probe(1, 10), probe(2, 10.6))).trials());
        assertEquals(2, ConcurrencyProbe.pick(List.of(probe(1, 10), probe(2, 14), probe(4, 14.5))).trials());
        assertEquals(4, ConcurrencyProbe.pick(List.of(probe(1, 10), probe(2, 9), probe(4, 11))).trials());
        assertEquals(1, ConcurrencyProbe.pick(List.of(probe(1, 10), probe(2, 6), probe(4, 8))).trials());
    }

    private static ConcurrencyProbe.StepTimes times(long... at) throws Exception {
        ConcurrencyProbe.StepTimes t = new ConcurrencyProbe.StepTimes(Long.MAX_VALUE);
        java.lang.reflect.Field f = ConcurrencyProbe.StepTimes.class.getDeclaredField("at");
        f.setAccessible(true);
        for (long a : at) {
            t.onStep(new StepEvent(1, 1, 1, 1, new float[0], List.of(), 0));
        }
        long[] arr = (long[]) f.get(t);
        System.arraycopy(at, 0, arr, 0, at.length);
        return t;
    }

    @Test
    void throughputCountsTheStepsWhileEveryTrialWasStepping() throws Exception {
        long s = 1_000_000_000L;
        // trial A steps at 1, 2, 3, 4 s; trial B at 2, 3, 4, 5 s: both stepping over (2 s, 4 s]
        ConcurrencyProbe.Probe p = ConcurrencyProbe.window(2, 1, List.of(times(s, 2 * s, 3 * s, 4 * s),
                times(2 * s, 3 * s, 4 * s, 5 * s)));
        assertEquals(4, p.steps());
        assertEquals(2.0, p.seconds(), 1e-9);
        assertEquals(2.0, p.stepsPerSecond(), 1e-9);
    }

    @Test
    void aRealMeasurementChoosesANumberItMeasured() throws Exception {
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        ConcurrencyProbe.Choice c = ConcurrencyProbe.choose(TrialRunnerTest.trial("training.epochs=50"),
                new RuntimeConfig(0, DevicePreference.CPU), data, 2, 2, 0.3);
        assertEquals(2, c.probes().size());
        assertTrue(c.probes().stream().allMatch(p -> p.stepsPerSecond() > 0), c.describe());
        assertTrue(c.trials() == 1 || c.trials() == 2, c.describe());
        assertEquals(c.trials(), c.runtime().concurrentTrials());
        assertEquals(2 / c.trials(), c.runtime().threads());
        assertTrue(c.describe().startsWith(c.trials() + " at once"), c.describe());
    }

    @Test
    void aKeptChoiceIsTakenWithoutMeasuringAndACorruptOneMeasuresAgain(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        TrialConfig trial = TrialRunnerTest.trial("training.epochs=50");
        RuntimeConfig cpu = new RuntimeConfig(0, DevicePreference.CPU);
        MeasurementCache cache = MeasurementCache.at(dir.toString());
        int[] measured = {0};
        ConcurrencyProbe.Choice c = ConcurrencyProbe.choose(trial, "shape", cpu, data, 2, 2, 0.3, cache,
                () -> measured[0]++, Double.POSITIVE_INFINITY);
        assertEquals(1, measured[0]);
        assertEquals(null, c.saved());
        ConcurrencyProbe.Choice kept = ConcurrencyProbe.choose(trial, "shape", cpu, data, 2, 2, 0.3, cache,
                () -> measured[0]++, Double.POSITIVE_INFINITY);
        assertEquals(1, measured[0], "kept: not measured again");
        assertEquals(c.trials(), kept.trials());
        assertEquals(c.runtime(), kept.runtime());
        assertEquals(c.probes().stream().map(ConcurrencyProbe.Probe::stepsPerSecond).toList(),
                kept.probes().stream().map(ConcurrencyProbe.Probe::stepsPerSecond).toList());
        assertTrue(kept.describe().contains("(kept from "), kept.describe());
        ConcurrencyProbe.choose(trial, "another shape", cpu, data, 2, 2, 0.3, cache, () -> measured[0]++,
                Double.POSITIVE_INFINITY);
        assertEquals(2, measured[0], "another shape is measured");
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.writeString(f, java.nio.file.Files.readString(f).replaceAll("probes=.*", "probes=1:x"));
            }
        }
        ConcurrencyProbe.choose(trial, "shape", cpu, data, 2, 2, 0.3, cache, () -> measured[0]++,
                Double.POSITIVE_INFINITY);
        assertEquals(3, measured[0], "a corrupt file is measured again");
    }

    @Test
    void aMeasurementWhoseRoundsDisagreeIsNotKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TrialData data = new TrialData(TrialRunnerTest.images(200, 1), TrialRunnerTest.images(40, 2), "synthetic");
        MeasurementCache cache = MeasurementCache.at(dir.toString());
        // no two rounds measure within a ratio below 1: nothing is kept
        ConcurrencyProbe.choose(TrialRunnerTest.trial("training.epochs=50"), "shape",
                new RuntimeConfig(0, DevicePreference.CPU), data, 2, 2, 0.2, cache, () -> { }, 0.99);
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void restoreRefusesInconsistentValues() {
        RuntimeConfig cpu = new RuntimeConfig(0, DevicePreference.CPU);
        assertEquals(2, ConcurrencyProbe.restore(java.util.Map.of("trials", "2", "probes", "1:10.0,2:12.0"), cpu, 2, 4)
                .orElseThrow().trials());
        // not the pick of its own figures, not measured, over the cores, missing, malformed
        assertTrue(ConcurrencyProbe.restore(java.util.Map.of("trials", "2", "probes", "1:10.0,2:10.1"), cpu, 2, 4)
                .isEmpty());
        assertTrue(ConcurrencyProbe.restore(java.util.Map.of("trials", "4", "probes", "1:10.0,2:12.0"), cpu, 2, 4)
                .isEmpty());
        assertTrue(ConcurrencyProbe.restore(java.util.Map.of("trials", "2", "probes", "1:10.0,2:12.0"), cpu, 1, 4)
                .isEmpty());
        assertTrue(ConcurrencyProbe.restore(java.util.Map.of("trials", "2"), cpu, 2, 4).isEmpty());
        assertTrue(ConcurrencyProbe.restore(java.util.Map.of("trials", "two", "probes", "1:1"), cpu, 2, 4).isEmpty());
    }

    @Test
    void poolsRoundsByStepsOverSeconds() {
        ConcurrencyProbe.Probe p = ConcurrencyProbe.pool(List.of(new ConcurrencyProbe.Probe(2, 1, 10, 1, 10),
                new ConcurrencyProbe.Probe(2, 1, 30, 2, 15)));
        assertEquals(40, p.steps());
        assertEquals(40 / 3.0, p.stepsPerSecond(), 1e-9);
        assertEquals(12.5, ConcurrencyProbe.pool(List.of(new ConcurrencyProbe.Probe(1, 2, 0, 0, 10),
                new ConcurrencyProbe.Probe(1, 2, 30, 2, 15))).stepsPerSecond(), 1e-9);
    }
}
