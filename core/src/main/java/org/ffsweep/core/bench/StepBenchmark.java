package org.ffsweep.core.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.eval.FFEvaluator;
import org.ffsweep.core.nn.FFNetwork;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.NegativeLabels;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * Seconds per FF training step (every layer once, positives and negatives of one batch) and per
 * test prediction, with the GFLOP/s they achieve next to plain libtorch matmuls of the same
 * shapes timed in the same run. A measurement, not a test: it asserts nothing.
 */
public final class StepBenchmark {
    private StepBenchmark() {}

    /** One measured configuration. */
    public record Row(String name, double stepSeconds, double stepGflop, double studyGflop, double matmulSeconds,
            double predictSeconds, int steps) {

        /** GFLOP/s of the step, counting the matmuls it does. */
        public double stepGflops() {
            return stepGflop / stepSeconds;
        }

        /** GFLOP/s of plain matmuls of the same shapes. */
        public double matmulGflops() {
            return stepGflop / matmulSeconds;
        }
    }

    /**
     * Measures {@code steps} steps (after 2 warm-up steps; the median is reported) of a network of
     * {@code model} on {@code batch} real or synthetic training images, and {@code predictions}
     * predictions of {@code test}.
     */
    public static Row measure(String name, ModelConfig model, FFConfig ff, TrainingConfig training, ImageSet train,
            ImageSet test, int steps, int predictions, Consumer<String> log) {
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        engine.setRandomSeed(1);
        int n = Math.min(training.batchSize(), train.count());
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                FFNetwork net = new FFNetwork(train.pixelsPerImage(), model, ff, training, root, engine,
                        new SavableRandom(1))) {
            DeviceImages images = new DeviceImages();
            OverlayBatch b = images.batch(train, Arrays.copyOf(Shuffle.range(train.count()), n), root);
            SavableRandom rng = new SavableRandom(2);
            double[] times = new double[steps];
            for (int s = -2; s < steps; s++) {
                long t0 = System.nanoTime();
                try (NDManager scope = root.newSubManager()) {
                    int[] labels = NegativeLabels.concat(b.labels(), NegativeLabels.randomWrong(b.labels(), rng));
                    NDArray oneHot = images.scaledOneHot(labels, b.max(), scope);
                    net.trainStep(b, oneHot, 2).forEach(st -> st.loss().getFloat());
                }
                if (s >= 0) {
                    times[s] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double step = median(times);
            log.accept(String.format(java.util.Locale.ROOT, "%s: step times %s", name, Arrays.toString(round(times))));
            OverlayBatch t = images.batch(test, Shuffle.range(test.count()), root);
            double[] pt = new double[predictions];
            for (int p = -1; p < predictions; p++) {
                long t0 = System.nanoTime();
                FFEvaluator.predict(net, t, root);
                if (p >= 0) {
                    pt[p] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double matmul = plainMatmulSeconds(root, n, train.pixelsPerImage(), model.hiddenSizes(), steps);
            return new Row(name, step, stepGflop(n, train.pixelsPerImage(), model.hiddenSizes()),
                    studyGflop(n, train.pixelsPerImage(), model.hiddenSizes()), matmul, median(pt), steps);
        }
    }

    /**
     * The matmul work of one step as ffsweep does it: the first layer multiplies the n images
     * once ({@code [n, d-10] x [d-10, h]}) and the 2n overlays' label part ({@code [2n, 10] x
     * [10, h]}); later layers {@code [2n, h] x [h, h']}; the weight gradients cost the same again.
     */
    static double stepGflop(long n, int d, List<Integer> widths) {
        double flop = 0;
        int in = d;
        for (int i = 0; i < widths.size(); i++) {
            int out = widths.get(i);
            flop += i == 0 ? 2.0 * n * (in - 10) * out + 2.0 * 2 * n * 10 * out : 2.0 * 2 * n * in * out;
            in = out;
        }
        return 2 * flop / 1e9;
    }

    /** The same step as the study's code does it: every layer multiplies all 2n rows. */
    static double studyGflop(long n, int d, List<Integer> widths) {
        double flop = 0;
        int in = d;
        for (int out : widths) {
            flop += 2.0 * 2 * n * in * out;
            in = out;
        }
        return 2 * flop / 1e9;
    }

    /** Median time of the same matmuls (forward and weight-gradient) on random tensors. */
    static double plainMatmulSeconds(NDManager root, int n, int d, List<Integer> widths, int reps) {
        List<NDArray[]> pairs = new ArrayList<>();
        try (NDManager m = root.newSubManager()) {
            int in = d;
            for (int i = 0; i < widths.size(); i++) {
                int out = widths.get(i);
                int rows = i == 0 ? n : 2 * n;
                int k = i == 0 ? in - 10 : in;
                NDArray x = m.randomUniform(-1, 1, new Shape(rows, k));
                NDArray w = m.randomUniform(-1, 1, new Shape(k, out));
                NDArray dy = m.randomUniform(-1, 1, new Shape(rows, out));
                pairs.add(new NDArray[] {x, w, dy});
                if (i == 0) {
                    pairs.add(new NDArray[] {m.randomUniform(-1, 1, new Shape(2 * n, 10)),
                            m.randomUniform(-1, 1, new Shape(10, out)), m.randomUniform(-1, 1, new Shape(2 * n, out))});
                }
                in = out;
            }
            double[] times = new double[reps];
            for (int r = -1; r < reps; r++) {
                long t0 = System.nanoTime();
                try (NDManager s = m.newSubManager()) {
                    for (NDArray[] p : pairs) {
                        NDArray y = p[0].matMul(p[1]);
                        y.attach(s);
                        NDArray g = p[0].transpose().matMul(p[2]);
                        g.attach(s);
                    }
                }
                if (r >= 0) {
                    times[r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            return median(times);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double[] round(double[] v) {
        return Arrays.stream(v).map(x -> Math.round(x * 1000) / 1000.0).toArray();
    }
}
