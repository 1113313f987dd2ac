package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The layers' arithmetic, the representations, and a training step of each recipe. */
class RepresentationNetworkTest {
    private static final int IN = 12;
    private NDManager manager;
    private Engine engine;

    @BeforeEach
    void setUp() {
        engine = Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static TrialConfig trial(String kind, String widths, String... more) {
        List<String> o = new ArrayList<>(List.of("model.kind=" + kind, "model.hidden-sizes=" + widths,
                "model.activation=relu", "model.dropout=0", "ff.threshold=0.5", "ff.margin=0"));
        o.addAll(List.of(more));
        return ConfigLoader.load(ConfigFactory.empty("test"), o).trial();
    }

    private RepresentationNetwork network(TrialConfig t) {
        return new RepresentationNetwork(IN, t.model(), t.ff(), t.training(), manager, engine, new SavableRandom(9));
    }

    private static float[] input(int rows, long seed) {
        SavableRandom r = new SavableRandom(seed);
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** relu((x / (|x| + 1e-4)) W + b) for one row, W row-major [in, out]. */
    private static float[] layerByHand(float[] x, int row, int in, float[] w, float[] b) {
        int out = b.length;
        double norm = 0;
        for (int k = 0; k < in; k++) {
            norm += (double) x[row * in + k] * x[row * in + k];
        }
        double s = Math.sqrt(norm) + 1e-4;
        float[] y = new float[out];
        for (int j = 0; j < out; j++) {
            double z = b[j];
            for (int k = 0; k < in; k++) {
                z += x[row * in + k] / s * w[k * out + j];
            }
            y[j] = (float) Math.max(0, z);
        }
        return y;
    }

    @Test
    void representationsAreTheLayersOutputsAsConfigured() {
        try (RepresentationNetwork net = network(trial("ff-class-pairs", "[6, 6]"))) {
            float[] x = input(4, 1);
            NDArray xs = manager.create(x, new Shape(4, IN));
            float[] sum = net.representation(xs, Representation.LAYER_SUM).toFloatArray();
            float[] last = net.representation(xs, Representation.LAST_LAYER).toFloatArray();
            float[][] p = net.parameterValues(0);
            for (int row = 0; row < 4; row++) {
                float[] first = layerByHand(x, row, IN, p[0], p[1]);
                for (int j = 0; j < 6; j++) {
                    assertEquals(first[j], sum[row * 6 + j] - last[row * 6 + j], 1e-5, "layer 1 = sum - layer 2");
                }
                float[] second = layerByHand(first, 0, 6, net.parameterValues(1)[0], net.parameterValues(1)[1]);
                for (int j = 0; j < 6; j++) {
                    assertEquals(second[j], last[row * 6 + j], 1e-5);
                }
            }
            NDArray all = net.representation(xs, Representation.NORMALIZED_ALL);
            assertEquals(new Shape(4, 12), all.getShape());
            assertEquals(12, net.width(Representation.NORMALIZED_ALL));
            float[] a = all.toFloatArray();
            for (int row = 0; row < 4; row++) {
                float[] first = layerByHand(x, row, IN, p[0], p[1]);
                float[] second = java.util.Arrays.copyOfRange(last, row * 6, row * 6 + 6);
                double n1 = length(first) + 1e-4;
                double n2 = length(second) + 1e-4;
                for (int j = 0; j < 6; j++) {
                    assertEquals(first[j] / n1, a[row * 12 + j], 1e-5, "layer 1 / (|layer 1| + 1e-4)");
                    assertEquals(second[j] / n2, a[row * 12 + 6 + j], 1e-5, "layer 2 / (|layer 2| + 1e-4)");
                }
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(a, 6, 12),
                    java.util.Arrays.copyOfRange(net.representation(xs, Representation.NORMALIZED_FROM_SECOND)
                            .toFloatArray(), 0, 6), 1e-6f);
        }
    }

    private static double length(float[] v) {
        double sq = 0;
        for (float f : v) {
            sq += (double) f * f;
        }
        return Math.sqrt(sq);
    }

    @Test
    void widthsFollowTheLayers() {
        try (RepresentationNetwork net = network(trial("ff-unsupervised", "[5, 7, 9]"))) {
            NDArray xs = manager.create(input(3, 2), new Shape(3, IN));
            for (Representation r : List.of(Representation.NORMALIZED_ALL, Representation.NORMALIZED_FROM_SECOND,
                    Representation.LAST_LAYER)) {
                assertEquals(net.width(r), net.representation(xs, r).getShape().get(1), r.key());
            }
            assertEquals(16, net.width(Representation.NORMALIZED_FROM_SECOND));
        }
        try (RepresentationNetwork one = network(trial("ff-unsupervised", "[5]"))) {
            assertEquals(5, one.width(Representation.NORMALIZED_FROM_SECOND), "one layer: layer 1 itself");
        }
    }

    private List<FFLayer.StepStats> step(RepresentationNetwork net, int blocks, int n) {
        return net.trainStep(manager.create(input(blocks * n, 3), new Shape((long) blocks * n, IN)), n);
    }

    @Test
    void aStepTrainsEveryLayerOnItsOwnGoodness() {
        try (RepresentationNetwork net = network(trial("ff-class-pairs", "[8, 8]"))) {
            float[][] before0 = net.parameterValues(0);
            float[][] before1 = net.parameterValues(1);
            List<FFLayer.StepStats> stats = step(net, 3, 5);
            assertEquals(2, stats.size());
            for (FFLayer.StepStats s : stats) {
                float pos = s.meanPos().getFloat();
                float neg = s.meanNeg().getFloat();
                assertTrue(pos >= 0 && pos <= 1 && neg >= 0 && neg <= 1, "squared cosines: " + pos + ", " + neg);
                assertTrue(Float.isFinite(s.loss().getFloat()));
            }
            assertFalse(java.util.Arrays.equals(before0[0], net.parameterValues(0)[0]));
            assertFalse(java.util.Arrays.equals(before1[0], net.parameterValues(1)[0]));
        }
        try (RepresentationNetwork net = network(trial("ff-unsupervised", "[8, 8]"))) {
            List<FFLayer.StepStats> stats = step(net, 2, 5);
            assertEquals(2, stats.size());
            assertTrue(stats.get(0).meanPos().getFloat() > 0);
        }
    }
}
