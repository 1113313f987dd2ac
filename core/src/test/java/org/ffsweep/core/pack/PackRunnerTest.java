package org.ffsweep.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.LabeledImages;
import org.ffsweep.core.data.MnistData;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A packed trial gives the numbers of its solo run: every recorded loss and goodness within 1e-4
 * relative, every accuracy equal, on real MNIST images of the in-repo sample; trials that
 * diverge or are stopped leave the pack and the others still equal their solo runs.
 */
class PackRunnerTest {
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);
    private static TrialData data;
    private static MnistData mnist;

    @BeforeAll
    static void load() throws Exception {
        mnist = MnistSample.read();
        data = new TrialData(first(mnist.train(), 600), first(mnist.test(), 300), "mnist-sample-head");
    }

    static org.ffsweep.core.train.ImageSet first(LabeledImages images, int n) {
        int d = images.pixelsPerImage();
        return new org.ffsweep.core.train.ImageSet(Arrays.copyOf(images.copyImages(), n * d),
                Arrays.copyOf(images.copyLabels(), n), n, d);
    }

    /** A small trial: 16-16 ELU, norm, batch 100 of 300 images, 70 epochs a chunk: 210 steps. */
    static TrialConfig trial(String... overrides) {
        List<String> base = new ArrayList<>(List.of("model.hidden-sizes=[16, 16]", "model.activation=elu",
                "training.batch-size=100", "training.train-limit=300", "training.epochs=70", "metrics.every-steps=1",
                "metrics.eval-every-steps=30", "metrics.train-eval-size=100"));
        base.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), base).trial();
    }

    static List<TrialResult> packed(List<TrialConfig> trials, List<List<TrainingListener>> listeners) {
        try (DeviceChooser.Lease lease = TrialRunner.lease(CPU, null)) {
            return PackRunner.run(trials, CPU, lease, data, listeners);
        }
    }

    static List<TrialResult> packed(List<TrialConfig> trials) {
        return packed(trials, trials.stream().map(t -> List.<TrainingListener>of()).toList());
    }

    static void assertSameNumbers(TrialResult solo, TrialResult pack) {
        assertSameNumbers(solo, pack, 0);
    }

    /**
     * Equal results: metrics within 1e-4 relative (or {@code floor} absolute, for values that are
     * differences of near-equal float32 numbers, where rounding alone moves the last digits),
     * accuracies exactly.
     */
    static void assertSameNumbers(TrialResult solo, TrialResult pack, double floor) {
        assertEquals(solo.status(), pack.status());
        assertEquals(solo.message(), pack.message());
        assertEquals(solo.steps(), pack.steps());
        assertEquals(solo.configHash(), pack.configHash());
        assertEquals(solo.stepMetrics().size(), pack.stepMetrics().size());
        for (int i = 0; i < solo.stepMetrics().size(); i++) {
            StepMetrics s = solo.stepMetrics().get(i);
            StepMetrics p = pack.stepMetrics().get(i);
            assertEquals(List.of(s.step(), s.epoch(), s.chunk(), s.layer()),
                    List.of(p.step(), p.epoch(), p.chunk(), p.layer()));
            assertClose(s.loss(), p.loss(), floor, "loss " + s);
            assertClose(s.goodnessPos(), p.goodnessPos(), floor, "goodness+ " + s);
            assertClose(s.goodnessNeg(), p.goodnessNeg(), floor, "goodness- " + s);
        }
        assertEquals(solo.evalMetrics().size(), pack.evalMetrics().size());
        for (int i = 0; i < solo.evalMetrics().size(); i++) {
            EvalMetrics s = solo.evalMetrics().get(i);
            EvalMetrics p = pack.evalMetrics().get(i);
            assertEquals(List.of(s.step(), s.epoch(), s.chunk(), s.distinctTestPredictions(), s.collapsed()),
                    List.of(p.step(), p.epoch(), p.chunk(), p.distinctTestPredictions(), p.collapsed()));
            assertEquals(s.testAccuracy(), p.testAccuracy(), "test accuracy at step " + s.step());
            assertEquals(s.trainAccuracy(), p.trainAccuracy(), "train accuracy at step " + s.step());
        }
        assertEquals(solo.testAccuracy(), pack.testAccuracy());
        assertEquals(solo.phaseSeconds().keySet(), pack.phaseSeconds().keySet());
    }

    private static void assertClose(double solo, double pack, double floor, String what) {
        if (Double.isNaN(solo) || Double.isInfinite(solo)) {
            assertEquals(solo, pack, what);
            return;
        }
        double tol = Math.max(1e-4 * Math.abs(solo), floor);
        assertTrue(Math.abs(solo - pack) <= tol, what + ": solo " + solo + ", packed " + pack);
    }

    @Test
    void threePackedTrialsEqualTheirSoloRuns() {
        List<TrialConfig> trials = List.of(
                trial("seed=11", "ff.threshold=1", "ff.margin=0", "training.learning-rate=0.03", "model.dropout=0.2"),
                trial("seed=12", "ff.threshold=0.5", "ff.margin=0.25", "training.learning-rate=0.01",
                        "model.dropout=0", "training.adam.beta1=0.8"),
                trial("seed=13", "ff.threshold=2", "ff.margin=1", "training.learning-rate=0.05", "model.dropout=0.1",
                        "training.adam.epsilon=1e-6"));
        List<TrialResult> pack = packed(trials);
        assertEquals(3, pack.size());
        for (int i = 0; i < 3; i++) {
            TrialResult solo = TrialRunner.run(trials.get(i), CPU, data, List.of());
            assertEquals(TrialStatus.COMPLETED, solo.status());
            assertEquals(210, solo.steps());
            assertSameNumbers(solo, pack.get(i));
        }
    }

    @Test
    void onePackedTrialEqualsItsSoloRun() {
        TrialConfig t = trial("seed=5", "training.epochs=20", "model.dropout=0.2");
        assertSameNumbers(TrialRunner.run(t, CPU, data, List.of()), packed(List.of(t)).get(0));
    }

    /**
     * Other shapes, two trials each (different seeds, thresholds, margins and learning rates).
     * The p-pos loss ({@code theta + m - sigmoid(g+) + sigmoid(g-) - theta + m}) and the mean
     * goodness of near-zero activations are differences of values near 1: their last float32
     * digits (1e-7) depend on the order of summation, so they are compared to 1e-6 absolute.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "training.schedule=epochs|ff.negatives=once|model.skip-connections=true|ff.prediction-skip=apply",
        "training.schedule=epochs|ff.negatives=all|training.epochs=3|ff.prediction=from-second",
        "ff.loss=p-pos|ff.goodness=sum-squares|model.activation=tanh|ff.negatives=once",
        "ff.loss=hinton-bce|ff.goodness=mean|model.activation=gelu|model.input-norm=false",
        // sum-squares: with the mean of squares, sigmoid outputs can never reach threshold 1 plus the
        // outward margin, every label's last-layer goodness saturates alike, and which label wins
        // (the count of distinct predictions) was decided by float rounding (packed and solo Adam
        // round differently): it flipped with a change of rounding in the layer's step.
        "ff.margin-sign=outward|ff.softplus=study|model.activation=sigmoid|ff.prediction=last-layer"
                + "|ff.goodness=sum-squares",
        "model.activation=leaky-relu|model.hidden-sizes=[16, 16, 16]|model.skip-connections=true"})
    void twoPackedTrialsOfOtherShapesEqualTheirSoloRuns(String shape) {
        List<String> common = new ArrayList<>(List.of(shape.split("\\|")));
        if (common.stream().noneMatch(o -> o.startsWith("training.epochs"))) {
            common.add("training.epochs=8");
        }
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("seed=21", "ff.threshold=1", "ff.margin=0.5", "training.learning-rate=0.02"));
        List<String> b = new ArrayList<>(common);
        b.addAll(List.of("seed=22", "ff.threshold=0.3", "ff.margin=0", "training.learning-rate=0.04",
                "model.dropout=0"));
        List<TrialConfig> trials = List.of(trial(a.toArray(String[]::new)), trial(b.toArray(String[]::new)));
        List<TrialResult> pack = packed(trials);
        for (int i = 0; i < 2; i++) {
            assertSameNumbers(TrialRunner.run(trials.get(i), CPU, data, List.of()), pack.get(i), 1e-6);
        }
    }

    @Test
    void evaluationsInBlocksOfRowsGiveTheSoloAccuracies() {
        // 2 trials 2000 wide: the pack predicts the 2,000 test images in blocks of 1,048 rows.
        TrialData wide = new TrialData(data.train(), first(mnist.test(), 2000), "mnist-sample");
        List<TrialConfig> trials = List.of(trial("seed=1", "model.hidden-sizes=[2000]", "training.epochs=2"),
                trial("seed=2", "model.hidden-sizes=[2000]", "training.epochs=2", "ff.threshold=3"));
        assertTrue(2000L * 2 * 2000 * Float.BYTES > PackedModel.BLOCK_BYTES);
        List<TrialResult> pack;
        try (DeviceChooser.Lease lease = TrialRunner.lease(CPU, null)) {
            pack = PackRunner.run(trials, CPU, lease, wide, List.of(List.of(), List.of()));
        }
        for (int i = 0; i < 2; i++) {
            assertSameNumbers(TrialRunner.run(trials.get(i), CPU, wide, List.of()), pack.get(i));
        }
    }

    @Test
    void sameSeedTrialsShareTheirBatchesAndStillEqualTheirSoloRuns() {
        List<TrialConfig> trials = List.of(trial("seed=3", "training.epochs=5", "ff.threshold=1"),
                trial("seed=3", "training.epochs=5", "ff.threshold=3"));
        List<TrialResult> pack = packed(trials);
        for (int i = 0; i < 2; i++) {
            assertSameNumbers(TrialRunner.run(trials.get(i), CPU, data, List.of()), pack.get(i));
        }
    }

    @Test
    void aDivergingTrialLeavesThePackAndTheOthersGoOn() {
        // The study's log(1 + exp(z)) is inf once g_neg - theta > 88.7: a huge learning rate gets there.
        TrialConfig diverging = trial("seed=7", "ff.threshold=0", "ff.margin=0", "ff.softplus=study",
                "ff.goodness=sum-squares", "model.input-norm=false", "model.activation=relu", "training.epochs=10",
                "training.learning-rate=1000");
        TrialConfig a = trial("seed=8", "ff.threshold=0.5", "ff.softplus=study", "ff.goodness=sum-squares",
                "model.input-norm=false", "model.activation=relu", "training.epochs=10",
                "training.learning-rate=0.001");
        TrialConfig b = trial("seed=9", "ff.threshold=1", "ff.softplus=study", "ff.goodness=sum-squares",
                "model.input-norm=false", "model.activation=relu", "training.epochs=10",
                "training.learning-rate=0.002");
        List<TrialConfig> trials = List.of(a, diverging, b);
        List<TrialResult> pack = packed(trials);
        TrialResult soloDiverging = TrialRunner.run(diverging, CPU, data, List.of());
        assertEquals(TrialStatus.DIVERGED, soloDiverging.status());
        assertTrue(soloDiverging.steps() < 30, "diverged at " + soloDiverging.steps());
        for (int i = 0; i < 3; i++) {
            assertSameNumbers(TrialRunner.run(trials.get(i), CPU, data, List.of()), pack.get(i));
        }
        assertEquals(TrialStatus.COMPLETED, pack.get(0).status());
        assertEquals(30, pack.get(2).steps());
    }

    @Test
    void aStoppedTrialLeavesWithItsOwnStatusAndRows() {
        List<TrialConfig> trials = List.of(trial("seed=1", "training.epochs=5"), trial("seed=2", "training.epochs=5"));
        TrainingListener stopAt4 = new TrainingListener() {
            @Override
            public Decision onStep(StepEvent step) {
                return step.step() == 4 ? Decision.stop("enough") : Decision.CONTINUE;
            }
        };
        List<TrialResult> pack = packed(trials, List.of(List.of(), List.of(stopAt4)));
        assertEquals(TrialStatus.COMPLETED, pack.get(0).status());
        assertEquals(15, pack.get(0).steps());
        assertEquals(TrialStatus.STOPPED, pack.get(1).status());
        assertEquals("enough", pack.get(1).message());
        assertEquals(4, pack.get(1).steps());
        assertEquals(4 * 2, pack.get(1).stepMetrics().size());
        assertSameNumbers(TrialRunner.run(trials.get(0), CPU, data, List.of()), pack.get(0));
        assertSameNumbers(TrialRunner.run(trials.get(1), CPU, data, List.of(stopAt4)), pack.get(1));
    }

    @Test
    void trialsOfDifferentShapesDoNotPack() {
        List<TrialConfig> trials = List.of(trial(), trial("model.hidden-sizes=[16, 8]"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> packed(trials));
        assertTrue(e.getMessage().contains("cannot join its pack"), e.getMessage());
        assertFalse(PackKey.of(trials.get(0)).equals(PackKey.of(trials.get(1))));
    }
}
