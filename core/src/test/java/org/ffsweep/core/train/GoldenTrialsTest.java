package org.ffsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model kind and schedule gives, for a seed, the numbers recorded in
 * {@code src/test/resources/golden/}: the step and evaluation metrics of short trials on synthetic
 * images, written by the three separate trainers that preceded the one training loop, all of them
 * with DJL's autograd. The kinds that still use autograd must give them exactly. The supervised FF
 * kind now writes its gradients out ({@code FFLayer}), which rounds differently in float32, so its
 * step losses and mean goodness must be within {@link #FF_RELATIVE} of the recorded ones (they
 * differ by at most 1.6e-7 relative over these short runs); its status, step count and every
 * evaluation (accuracies, distinct predictions, collapse) must still be exact. Run with
 * {@code -Dffsweep.golden.write=DIR} to write the files instead.
 */
class GoldenTrialsTest {
    /** Relative tolerance of the supervised FF kind's step losses and goodness. */
    static final double FF_RELATIVE = 1e-4;
    /** The cases of the supervised FF kind, trained without autograd since the files were written. */
    static final Set<String> ANALYTIC = Set.of("ff-chunked-random", "ff-chunked-once", "ff-epochs-once",
            "ff-epochs-all", "ff-diverged");
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ff-chunked-random", 100, List.of("model.hidden-sizes=[16, 16]", "training.batch-size=30",
                        "training.epochs=3", "model.dropout=0.2", "model.skip-connections=true", "ff.threshold=1",
                        "metrics.every-steps=2", "metrics.eval-every-steps=2", "metrics.train-eval-size=50",
                        "training.train-limit=90", "training.max-chunks=2")),
                Arguments.of("ff-chunked-once", 100, List.of("model.hidden-sizes=[16, 16]", "training.batch-size=50",
                        "training.epochs=3", "model.dropout=0.2", "ff.threshold=1", "ff.negatives=once",
                        "metrics.train-eval-size=50")),
                Arguments.of("ff-epochs-once", 100, List.of("model.hidden-sizes=[16, 16]", "training.batch-size=30",
                        "training.epochs=2", "model.dropout=0.2", "ff.threshold=1", "ff.negatives=once",
                        "training.schedule=epochs", "metrics.every-steps=3", "metrics.eval-every-steps=3",
                        "metrics.train-eval-size=50")),
                Arguments.of("ff-epochs-all", 100, List.of("model.hidden-sizes=[16, 16]", "training.batch-size=50",
                        "training.epochs=2", "model.dropout=0", "ff.threshold=1", "ff.negatives=all",
                        "training.schedule=epochs", "metrics.every-steps=1", "metrics.train-eval-size=0",
                        "training.train-limit=80")),
                Arguments.of("ff-diverged", 100, List.of("model.hidden-sizes=[2000]", "training.batch-size=50",
                        "training.epochs=3", "ff.threshold=0", "ff.margin=0", "ff.softplus=study",
                        "ff.goodness=sum-squares", "model.input-norm=false", "model.activation=relu",
                        "metrics.every-steps=1", "metrics.train-eval-size=50")),
                Arguments.of("ff-unsupervised-chunked", 60, List.of("model.kind=ff-unsupervised",
                        "model.hidden-sizes=[24, 24]", "model.activation=relu", "model.dropout=0.2",
                        "ff.threshold=0.5", "ff.margin=0", "training.batch-size=30", "training.epochs=3",
                        "metrics.every-steps=2", "metrics.train-eval-size=40", "unsupervised.probe.epochs=10",
                        "unsupervised.probe.batch-size=30", "unsupervised.probe.before-training=true")),
                Arguments.of("ff-class-pairs-epochs", 60, List.of("model.kind=ff-class-pairs",
                        "model.hidden-sizes=[24, 24]", "model.activation=relu", "model.dropout=0",
                        "ff.threshold=0.5", "ff.margin=0", "training.batch-size=25", "training.epochs=2",
                        "training.schedule=epochs", "metrics.every-steps=1", "metrics.eval-every-steps=2",
                        "metrics.train-eval-size=40", "unsupervised.probe.epochs=10",
                        "unsupervised.probe.batch-size=30")),
                Arguments.of("backprop-limited", 100, List.of("model.kind=backprop-mlp", "model.hidden-sizes=[32]",
                        "model.dropout=0.2", "training.schedule=epochs", "training.batch-size=20",
                        "training.epochs=3", "training.learning-rate=0.01", "training.train-limit=70",
                        "metrics.every-steps=3", "metrics.eval-every-steps=2", "metrics.train-eval-size=30")),
                Arguments.of("backprop-chunked-setting", 100, List.of("model.kind=backprop-mlp",
                        "model.hidden-sizes=[32, 16]", "model.dropout=0", "training.batch-size=30",
                        "training.epochs=2", "training.learning-rate=0.01", "metrics.every-steps=100",
                        "metrics.train-eval-size=0")));
    }

    static ImageSet images(int n, long seed) {
        return org.ffsweep.core.run.TrialRunnerTest.images(n, seed);
    }

    static TrialResult run(TrialConfig trial, int trainCount) {
        return TrialRunner.run(trial, CPU, new TrialData(images(trainCount, 1), images(40, 2), "synthetic"), List.of());
    }

    /** The numbers of a result, one line each, exactly (every double in its shortest exact form). */
    static List<String> lines(TrialResult r) {
        List<String> out = new ArrayList<>();
        out.add("trial " + r.configHash() + " status " + r.status().key() + " steps " + r.steps());
        for (StepMetrics m : r.stepMetrics()) {
            out.add("step " + m.step() + " " + m.epoch() + " " + m.chunk() + " " + m.layer() + " " + m.loss() + " "
                    + m.goodnessPos() + " " + m.goodnessNeg());
        }
        for (EvalMetrics e : r.evalMetrics()) {
            out.add("eval " + e.step() + " " + e.epoch() + " " + e.chunk() + " " + e.trainAccuracy() + " "
                    + e.testAccuracy() + " " + e.distinctTestPredictions() + " " + e.collapsed());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameNumbersAsBefore(String name, int trainCount, List<String> overrides) throws IOException {
        List<String> o = new ArrayList<>(List.of("seed=11"));
        o.addAll(overrides);
        TrialConfig trial = ConfigLoader.load(ConfigFactory.empty("golden"), o).trial();
        List<String> actual = lines(run(trial, trainCount));
        String dir = System.getProperty("ffsweep.golden.write");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".txt"), actual, StandardCharsets.UTF_8);
            return;
        }
        List<String> expected = new ArrayList<>();
        try (var in = GoldenTrialsTest.class.getResourceAsStream("/golden/" + name + ".txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(expected::add);
        }
        if (!ANALYTIC.contains(name)) {
            assertEquals(String.join("\n", expected), String.join("\n", actual));
            return;
        }
        assertEquals(expected.size(), actual.size(), "lines of " + name);
        for (int i = 0; i < expected.size(); i++) {
            assertLineClose(name + " line " + (i + 1), expected.get(i), actual.get(i));
        }
    }

    /** A step line's loss and goodness within {@link #FF_RELATIVE}; everything else exact. */
    static void assertLineClose(String where, String expected, String actual) {
        if (!expected.startsWith("step ")) {
            assertEquals(expected, actual, where);
            return;
        }
        String[] e = expected.split(" ");
        String[] a = actual.split(" ");
        assertEquals(e.length, a.length, where);
        for (int k = 0; k < e.length; k++) {
            if (k < 5) {
                assertEquals(e[k], a[k], where + " field " + k);
                continue;
            }
            double x = Double.parseDouble(e[k]);
            double y = Double.parseDouble(a[k]);
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                assertEquals(e[k], a[k], where + " field " + k);
            } else {
                assertTrue(Math.abs(x - y) <= FF_RELATIVE * Math.abs(x), where + " field " + k + ": expected " + x
                        + " within " + FF_RELATIVE + " relative, was " + y);
            }
        }
    }
}
