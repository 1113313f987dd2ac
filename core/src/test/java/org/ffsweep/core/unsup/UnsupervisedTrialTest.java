package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.ResultJson;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whole (tiny) trials of the probed kinds through {@link TrialRunner}, on synthetic images. */
class UnsupervisedTrialTest {
    private static final int D = 784;
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);

    /** Sparse random pixels, label i % 10: memorisable, not learnable. */
    static ImageSet images(int n, long seed) {
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

    static TrialConfig trial(String kind, String... overrides) {
        List<String> o = new ArrayList<>(List.of("model.kind=" + kind, "model.hidden-sizes=[96, 96]",
                "model.activation=relu", "model.dropout=0", "ff.threshold=0.5", "ff.margin=0",
                "training.batch-size=30", "training.epochs=3", "training.learning-rate=0.03",
                "metrics.every-steps=1", "metrics.train-eval-size=60", "unsupervised.probe.epochs=60",
                "unsupervised.probe.batch-size=60", "unsupervised.probe.learning-rate=0.1"));
        o.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), o).trial();
    }

    private static TrialResult run(TrialConfig t) {
        return TrialRunner.run(t, CPU, new TrialData(images(60, 1), images(30, 2), "synthetic"), List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff-unsupervised", "ff-class-pairs"})
    void runsTheScheduleScoresWithTheProbeAndRepeatsItself(String kind) {
        TrialResult a = run(trial(kind, "unsupervised.probe.before-training=true"));
        assertEquals(TrialStatus.COMPLETED, a.status(), a.message());
        assertEquals(2 * 3, a.steps()); // 60 images / 30 = 2 chunks x 3 epochs
        assertEquals(2 * 3 * 2, a.stepMetrics().size()); // every step, 2 layers
        List<Long> evalSteps = a.evalMetrics().stream().map(EvalMetrics::step).toList();
        assertEquals(List.of(0L, 3L, 6L), evalSteps, "before training, then the end of each chunk");
        for (StepMetrics m : a.stepMetrics()) {
            assertTrue(Double.isFinite(m.loss()));
            if (kind.equals("ff-class-pairs")) {
                assertTrue(m.goodnessPos() >= 0 && m.goodnessPos() <= 1, "a squared cosine: " + m.goodnessPos());
            }
        }
        EvalMetrics last = a.evalMetrics().get(2);
        assertTrue(last.trainAccuracy() > 0.9, "the probe memorises 60 images in 96 dimensions: " + last.trainAccuracy());
        assertTrue(last.testAccuracy() >= 0 && last.testAccuracy() <= 1);
        assertEquals(last.testAccuracy(), a.testAccuracy());
        assertTrue(a.phaseSeconds().containsKey(org.ffsweep.core.run.Phase.EVAL));

        TrialResult b = run(trial(kind, "unsupervised.probe.before-training=true"));
        assertEquals(a.stepMetrics(), b.stepMetrics());
        assertEquals(a.evalMetrics().stream().map(EvalMetrics::testAccuracy).toList(),
                b.evalMetrics().stream().map(EvalMetrics::testAccuracy).toList());
        TrialResult c = run(trial(kind, "seed=7"));
        assertNotEquals(a.stepMetrics(), c.stepMetrics());
        assertEquals(2, c.evalMetrics().size(), "no evaluation before training unless asked");

        String json = ResultJson.toJson(a);
        assertTrue(json.contains("\"kind\":\"" + kind + "\""), json.substring(0, 400));
        assertTrue(json.contains("\"unsupervised\":{\"blurRepeats\":10,\"maskPadding\":\"zero\""), "the result carries the options");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff-unsupervised", "ff-class-pairs"})
    void epochsScheduleAndDropoutAndSkipConnectionsRun(String kind) {
        TrialResult r = run(trial(kind, "training.schedule=epochs", "training.epochs=2", "model.dropout=0.2",
                "model.skip-connections=true", "unsupervised.representation=normalized-all"));
        assertEquals(TrialStatus.COMPLETED, r.status(), r.message());
        assertEquals(2 * 2, r.steps());
        assertEquals(2, r.evalMetrics().size());
        assertFalse(r.collapsed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff-unsupervised", "ff-class-pairs"})
    void anOverflowingLossEndsTheTrialAsDiverged(String kind) {
        // Sum-of-squares goodness of 2000 unnormalised units, threshold 0 and the study's
        // log(1 + exp(z)): the hybrids' goodness overflows softplus at once. Squared cosines stay
        // in [0, 1], so the study's recipe cannot overflow and completes.
        TrialResult r = run(trial(kind, "ff.threshold=0", "ff.softplus=study", "ff.goodness=sum-squares",
                "model.hidden-sizes=[2000]", "model.input-norm=false", "training.epochs=1", "training.max-chunks=1"));
        if (kind.equals("ff-unsupervised")) {
            assertEquals(TrialStatus.DIVERGED, r.status());
            assertTrue(r.message().contains("loss is"), r.message());
            assertFalse(r.stepMetrics().isEmpty());
            assertTrue(r.evalMetrics().isEmpty());
        } else {
            assertEquals(TrialStatus.COMPLETED, r.status(), r.message());
        }
    }
}
