package org.ffsweep.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Label overlay, the factored first layer, and gradient isolation between layers. */
class FFLayerTest {
    private static final int D = 28 * 28;
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

    static ImageSet randomImages(int n, long seed) {
        SavableRandom r = new SavableRandom(seed);
        byte[] px = new byte[n * D];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) r.nextInt(10);
            for (int j = 0; j < D; j++) {
                px[i * D + j] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : 0);
            }
        }
        return new ImageSet(px, labels, n, D);
    }

    /** The study's overlay_y_on_x, written out on Java arrays. */
    static float[] studyOverlay(ImageSet set, int[] labels) {
        int n = set.count();
        float[] x = new float[n * D];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n * D; i++) {
            x[i] = DeviceImages.normalised(set.pixels()[i]);
            max = Math.max(max, x[i]);
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(x, i * D, i * D + 10, 0f);
            x[i * D + labels[i]] = max;
        }
        return x;
    }

    static ModelConfig model(List<Integer> widths, boolean norm, double dropout) {
        return new ModelConfig(Options.ModelKind.FF, widths, Options.Activation.ELU, norm, dropout, false);
    }

    static FFConfig ff() {
        return new FFConfig(Options.GoodnessKind.MEAN_SQUARES, Options.LossKind.LOGISTIC, 2.0, 1.0,
                Options.MarginSign.STUDY, Options.SoftplusForm.STABLE, Options.NegativeMode.RANDOM,
                Options.PredictionLayers.ALL_LAYERS, Options.PredictionSkip.IGNORE);
    }

    static TrainingConfig training() {
        return new TrainingConfig(Options.Schedule.CHUNKED, 100, 1, 0.03, 0.9, 0.999, 1e-8, 0, 0);
    }

    @Test
    void factoredFirstLayerEqualsOneMatmulOverTheStudysOverlay() {
        for (boolean norm : new boolean[] {true, false}) {
            ImageSet set = randomImages(16, 3);
            int[] labels = new int[16];
            for (int i = 0; i < 16; i++) {
                labels[i] = (set.label(i) + 3) % 10;
            }
            try (FFNetwork net = new FFNetwork(D, model(List.of(32), norm, 0), ff(), training(), manager, engine,
                    new SavableRandom(1))) {
                FFLayer layer = net.layers().get(0);
                DeviceImages images = new DeviceImages();
                OverlayBatch b = images.batch(set, range(16), manager);
                NDArray factored = layer.forwardOverlay(b, images.scaledOneHot(labels, b.max(), manager), 1);

                float[][] p = layer.parameterValues(); // label rows [10,32], image rows [774,32], bias
                NDArray w = manager.create(p[0], new Shape(10, 32)).concat(manager.create(p[1], new Shape(774, 32)), 0);
                NDArray x = manager.create(studyOverlay(set, labels), new Shape(16, D));
                if (norm) {
                    x = x.div(x.norm(new int[] {1}, true).add(1e-4f));
                }
                NDArray direct = ai.djl.nn.Activation.elu(x.matMul(w).add(manager.create(p[2])), 1f);
                assertArrayEquals(direct.toFloatArray(), factored.toFloatArray(), 1e-5f, "norm=" + norm);
            }
        }
    }

    @Test
    void overlayWritesTheBatchMaximumAtTheLabel() {
        ImageSet set = randomImages(8, 5);
        OverlayBatch b = new DeviceImages().batch(set, range(8), manager);
        float max = Float.NEGATIVE_INFINITY;
        for (byte p : set.pixels()) {
            max = Math.max(max, DeviceImages.normalised(p));
        }
        assertEquals(max, b.max(), 0f);
        assertEquals((255f / 255f - 0.1307f) / 0.3081f, DeviceImages.normalised(255), 1e-6f);
    }

    @Test
    void aStepOfOneLayerLeavesTheOthersUnchanged() {
        ImageSet set = randomImages(32, 7);
        try (FFNetwork net = new FFNetwork(D, model(List.of(24, 24, 24), true, 0), ff(), training(), manager, engine,
                new SavableRandom(2))) {
            DeviceImages images = new DeviceImages();
            OverlayBatch b = images.batch(set, range(32), manager);
            int[] labels = positivesThenNegatives(set);
            NDArray oneHot = images.scaledOneHot(labels, b.max(), manager);
            NDArray h0 = net.layers().get(0).forwardOverlay(b, oneHot, 2);
            NDArray input1 = h0.stopGradient();
            float[][][] before = snapshot(net);
            FFLayer middle = net.layers().get(1);
            middle.trainStep(input1, 32);
            float[][][] after = snapshot(net);
            assertTrue(Arrays.deepEquals(before[0], after[0]), "layer 1 changed");
            assertFalse(Arrays.deepEquals(before[1], after[1]), "layer 2 did not learn");
            assertTrue(Arrays.deepEquals(before[2], after[2]), "layer 3 changed");
        }
    }

    @Test
    void aNetworkStepRecordsNoAutogradGraph() {
        ImageSet set = randomImages(32, 9);
        try (FFNetwork net = new FFNetwork(D, model(List.of(24, 24), true, 0.2), ff(), training(), manager, engine,
                new SavableRandom(4))) {
            DeviceImages images = new DeviceImages();
            OverlayBatch b = images.batch(set, range(32), manager);
            int[] labels = positivesThenNegatives(set);
            float[][][] before = snapshot(net);
            List<FFLayer.StepStats> stats = net.trainStep(b, images.scaledOneHot(labels, b.max(), manager), 2);
            float[][][] after = snapshot(net);
            // The gradients are written out: no parameter needs a gradient buffer, so none can cross layers.
            for (FFLayer layer : net.layers()) {
                assertFalse(Arrays.deepEquals(before[layer.index()], after[layer.index()]), "layer " + layer.index());
                for (NDArray p : layer.parameters()) {
                    assertFalse(p.hasGradient(), "layer " + layer.index() + " parameter has a gradient buffer");
                }
                assertTrue(Float.isFinite(stats.get(layer.index()).loss().getFloat()));
            }
        }
    }

    /** True labels, then the next label as the wrong one. */
    private static int[] positivesThenNegatives(ImageSet set) {
        int n = set.count();
        int[] labels = new int[2 * n];
        for (int i = 0; i < n; i++) {
            labels[i] = set.label(i);
            labels[n + i] = (set.label(i) + 1) % 10;
        }
        return labels;
    }

    private static float[][][] snapshot(FFNetwork net) {
        return net.layers().stream().map(FFLayer::parameterValues).toArray(float[][][]::new);
    }

    static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
