package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

/** Determinism, divergence and the result of a whole (tiny) trial. */
public class TrialRunnerTest {
    private static final int D = 784;

    /** {@code n} synthetic 28x28 images, labels 0-9 in turn; also the golden trials' data. */
    public static ImageSet images(int n, long seed) {
        SavableRandom r = new SavableRandom(seed);
        byte[] px = new byte[n * D];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int j = 0; j < D; j++) {
                px[i * D + j] = (byte) (r.nextInt(3) == 0 ? r.nextInt(256) : 0);
            }
        }
        return new ImageSet(px, labels, n, D);
    }

    static TrialConfig trial(String... overrides) {
        List<String> base = new java.util.ArrayList<>(List.of("model.hidden-sizes=[16, 16]", "training.batch-size=50",
                "training.epochs=3", "model.dropout=0.2", "ff.threshold=1", "metrics.every-steps=1",
                "metrics.train-eval-size=50"));
        base.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), base).trial();
    }

    private static final RuntimeConfig CPU = new RuntimeConfig(1, org.ffsweep.core.config.Options.DevicePreference.CPU);

    private static TrialResult run(TrialConfig t) {
        return TrialRunner.run(t, CPU, new TrialData(images(100, 1), images(40, 2), "synthetic"), List.of());
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        TrialResult a = run(trial("seed=5"));
        TrialResult b = run(trial("seed=5"));
        TrialResult c = run(trial("seed=6"));
        assertEquals(TrialStatus.COMPLETED, a.status());
        assertEquals(a.stepMetrics(), b.stepMetrics());
        assertEquals(a.evalMetrics().stream().map(e -> e.testAccuracy()).toList(),
                b.evalMetrics().stream().map(e -> e.testAccuracy()).toList());
        assertNotEquals(a.stepMetrics(), c.stepMetrics());
    }

    @Test
    void chunkedScheduleRunsEveryEpochOnOneBatchBeforeTheNext() {
        TrialResult r = run(trial());
        assertEquals(2 * 3, r.steps()); // 100 images / 50 = 2 chunks, 3 epochs each
        assertEquals(2 * 3 * 2, r.stepMetrics().size()); // every step, 2 layers
        assertEquals(List.of(1, 1, 1, 2, 2, 2), r.stepMetrics().stream().filter(m -> m.layer() == 1)
                .map(m -> m.chunk()).toList());
        assertEquals(2, r.evalMetrics().size()); // the end of each chunk
        assertTrue(r.phaseSeconds().containsKey(Phase.TRAIN));
    }

    @Test
    void epochsScheduleVisitsEveryBatchEachEpoch() {
        TrialResult r = run(trial("training.schedule=epochs", "ff.negatives=all"));
        assertEquals(3 * 2, r.steps());
        assertEquals(3, r.evalMetrics().size());
    }

    @Test
    void anOverflowingLossEndsTheTrialAsDiverged() {
        // The study's log(1 + exp(z)) is inf once g_neg - theta > 88.7: start far above the threshold.
        TrialResult r = run(trial("ff.threshold=0", "ff.margin=0", "ff.softplus=study", "ff.goodness=sum-squares",
                "model.hidden-sizes=[2000]", "model.input-norm=false", "model.activation=relu"));
        assertEquals(TrialStatus.DIVERGED, r.status());
        assertTrue(r.message().contains("loss is"), r.message());
        assertFalse(r.stepMetrics().isEmpty());
    }

    @Test
    void backpropBaselineLearnsSomething() {
        TrialResult r = run(trial("model.kind=backprop-mlp", "model.hidden-sizes=[32]", "model.dropout=0",
                "training.schedule=epochs", "training.batch-size=20", "training.epochs=5", "training.learning-rate=0.01"));
        assertEquals(TrialStatus.COMPLETED, r.status());
        assertEquals(5, r.evalMetrics().size());
        // random pixels, labels i % 10: the train set is memorisable
        assertTrue(r.evalMetrics().get(4).trainAccuracy() > 0.5, "train accuracy " + r.trainAccuracy());
    }
}
