package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.ffsweep.core.config.Options.MaskPadding;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.config.UnsupervisedConfig;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Softmax regression on fixed features. */
class LinearProbeTest {
    private static final int CLASSES = 3;
    private static final int WIDTH = 8;
    private static final UnsupervisedConfig PROBE = new UnsupervisedConfig(10, MaskPadding.ZERO, Representation.AUTO, 15, 1000, 0.2, false);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Three Gaussian blobs, centred at 3 e_k, unit spread; {@code labels} filled in. */
    private static float[] blobs(int n, int[] labels, long seed) {
        SavableRandom r = new SavableRandom(seed);
        float[] f = new float[n * WIDTH];
        for (int i = 0; i < n; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < WIDTH; j++) {
                f[i * WIDTH + j] = (float) (nextGaussian(r) + (j == labels[i] ? 3 : 0));
            }
        }
        return f;
    }

    private static double nextGaussian(SavableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            ok += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) ok / labels.length;
    }

    @Test
    void separatesBlobsOnTrainAndHeldOutRows() {
        int[] labels = new int[600];
        NDArray train = manager.create(blobs(600, labels, 1), new Shape(600, WIDTH));
        int[] testLabels = new int[300];
        NDArray test = manager.create(blobs(300, testLabels, 2), new Shape(300, WIDTH));
        float[] before = train.toFloatArray();
        try (LinearProbe probe = LinearProbe.fit(train, labels, CLASSES, PROBE, new SavableRandom(3), manager)) {
            assertTrue(accuracy(probe.predict(train), labels) > 0.93, "train accuracy");
            assertTrue(accuracy(probe.predict(test), testLabels) > 0.9, "test accuracy");
            assertTrue(probe.lastEpochLoss() < 0.35, "cross entropy " + probe.lastEpochLoss());
        }
        assertArrayEquals(before, train.toFloatArray(), "the features are left as they were");
    }

    @Test
    void featuresAreStandardisedSoTheirScaleDoesNotMatter() {
        int[] labels = new int[300];
        float[] f = blobs(300, labels, 4);
        float[] scaled = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            scaled[i] = 1000f * f[i] + 77f;
        }
        int[] a;
        int[] b;
        try (LinearProbe p = LinearProbe.fit(manager.create(f, new Shape(300, WIDTH)), labels, CLASSES, PROBE,
                new SavableRandom(5), manager)) {
            a = p.predict(manager.create(f, new Shape(300, WIDTH)));
        }
        try (LinearProbe p = LinearProbe.fit(manager.create(scaled, new Shape(300, WIDTH)), labels, CLASSES, PROBE,
                new SavableRandom(5), manager)) {
            b = p.predict(manager.create(scaled, new Shape(300, WIDTH)));
        }
        int agree = 0;
        for (int i = 0; i < a.length; i++) {
            agree += a[i] == b[i] ? 1 : 0;
        }
        assertTrue(agree >= 297, agree + " of 300 predictions agree");
    }

    @Test
    void aSilentFeatureDoesNotBreakTheFit() {
        int[] labels = new int[90];
        float[] f = blobs(90, labels, 6);
        for (int i = 0; i < 90; i++) {
            f[i * WIDTH + WIDTH - 1] = 0f; // a dead unit: zero variance
        }
        try (LinearProbe p = LinearProbe.fit(manager.create(f, new Shape(90, WIDTH)), labels, CLASSES, PROBE,
                new SavableRandom(7), manager)) {
            assertTrue(Double.isFinite(p.lastEpochLoss()));
            assertTrue(accuracy(p.predict(manager.create(f, new Shape(90, WIDTH))), labels) > 0.9);
        }
    }

    @Test
    void rowsAndLabelsMustAgree() {
        NDArray f = manager.zeros(new Shape(4, WIDTH));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearProbe.fit(f, new int[3], CLASSES, PROBE, new SavableRandom(1), manager));
        assertEquals(true, e.getMessage().contains("4 feature rows for 3 labels"), e.getMessage());
    }
}
