package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.junit.jupiter.api.Test;

/**
 * Several trials in one JVM at once give each the numbers of its solo run (accuracies equal,
 * losses and goodness within float rounding): supervised FF trials
 * (no autograd, Java dropout masks) next to the kinds that record autograd graphs and draw
 * dropout from libtorch's generator.
 */
class ConcurrentTrialsTest {
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);
    private static final TrialData DATA = new TrialData(TrialRunnerTest.images(100, 1), TrialRunnerTest.images(40, 2),
            "synthetic");

    private static List<TrialConfig> trials() {
        return List.of(
                TrialRunnerTest.trial("seed=5"),
                TrialRunnerTest.trial("seed=6", "ff.threshold=2", "training.schedule=epochs"),
                TrialRunnerTest.trial("seed=7", "model.kind=backprop-mlp"),
                TrialRunnerTest.trial("seed=8", "model.kind=ff-unsupervised", "model.dropout=0.1"),
                TrialRunnerTest.trial("seed=9", "model.kind=ff-class-pairs", "model.dropout=0"));
    }

    private static TrialResult solo(TrialConfig t) {
        return TrialRunner.run(t, CPU, DATA, List.of());
    }

    @Test
    void trialsTrainedAtOnceEqualTheirSoloRuns() throws Exception {
        List<TrialConfig> trials = trials();
        List<TrialResult> alone = trials.stream().map(ConcurrentTrialsTest::solo).toList();
        for (int round = 0; round < 2; round++) { // interleavings differ between rounds
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(trials.size());
            try {
                List<Future<TrialResult>> runs = new ArrayList<>();
                for (TrialConfig t : trials) {
                    Callable<TrialResult> c = () -> {
                        start.await();
                        return solo(t);
                    };
                    runs.add(pool.submit(c));
                }
                start.countDown();
                for (int i = 0; i < trials.size(); i++) {
                    TrialResult together = runs.get(i).get();
                    TrialResult a = alone.get(i);
                    String kind = trials.get(i).model().kind().key();
                    assertEquals(TrialStatus.COMPLETED, together.status(), kind);
                    assertTrue(a.stepMetrics().size() > 0, kind);
                    assertSameSteps(a.stepMetrics(), together.stepMetrics(), kind);
                    assertEquals(accuracies(a), accuracies(together), kind);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * The same steps with losses and goodness within 1e-6 relative: libtorch's vectorised kernels
     * may round the last bit differently for arrays at other addresses, which trials sharing a
     * JVM's allocator get.
     */
    private static void assertSameSteps(List<StepMetrics> expected, List<StepMetrics> actual, String kind) {
        assertEquals(expected.size(), actual.size(), kind);
        for (int i = 0; i < expected.size(); i++) {
            StepMetrics e = expected.get(i);
            StepMetrics a = actual.get(i);
            String where = kind + " row " + i + ": " + e + " against " + a;
            assertEquals(List.of(e.step(), e.epoch(), e.chunk(), e.layer()), List.of(a.step(), a.epoch(), a.chunk(),
                    a.layer()), where);
            close(e.loss(), a.loss(), where);
            close(e.goodnessPos(), a.goodnessPos(), where);
            close(e.goodnessNeg(), a.goodnessNeg(), where);
        }
    }

    private static void close(double e, double a, String where) {
        if (Double.isNaN(e)) {
            assertTrue(Double.isNaN(a), where);
        } else {
            assertEquals(e, a, 1e-6 * Math.abs(e), where);
        }
    }

    private static List<Double> accuracies(TrialResult r) {
        List<Double> a = new ArrayList<>();
        for (EvalMetrics e : r.evalMetrics()) {
            a.add(e.trainAccuracy());
            a.add(e.testAccuracy());
        }
        return a;
    }
}
