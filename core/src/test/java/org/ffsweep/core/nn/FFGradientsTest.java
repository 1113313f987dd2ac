package org.ffsweep.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.Activation;
import org.ffsweep.core.config.Options.GoodnessKind;
import org.ffsweep.core.config.Options.LossKind;
import org.ffsweep.core.config.Options.MarginSign;
import org.ffsweep.core.config.Options.SoftplusForm;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.ff.LayerLoss;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FF step's written-out gradients equal DJL's autograd (a {@link GradientCollector} over the
 * same forward pass and loss) for every goodness, loss, margin sign, softplus form, activation,
 * input norm and layer kind, on small random layers: every parameter's gradient within
 * {@link #TOLERANCE_64} of autograd's in float64 (the maths) and within {@link #TOLERANCE_32} in
 * float32 (the maths plus float32 rounding, which two different operation orders do not share),
 * relative to the norm of autograd's gradient. Measured: at most 2.9e-14 in float64 and 1.4e-5
 * in float32 (a bias gradient under the mean goodness and the p-pos loss, whose rows of opposite
 * signs partly cancel in the sum); the test logs the largest of each.
 */
class FFGradientsTest {
    private static final Logger LOG = LoggerFactory.getLogger(FFGradientsTest.class);
    /** |analytic - autograd| / |autograd| (Euclidean norms over each parameter's gradient), float64. */
    static final double TOLERANCE_64 = 1e-10;
    /** The same in float32. */
    static final double TOLERANCE_32 = 1e-4;
    private static final int N = 6;
    private static final int IMAGE = 7;
    private static final int OUT = 5;
    private static final double[] WORST = new double[2];
    private static final String[] WORST_CASE = {"", ""};
    private NDManager manager;
    private Engine engine;

    /** How a layer's input is made. */
    enum Input {
        /** The first layer: the images overlaid with labels, two groups (positives, negatives). */
        OVERLAY,
        /** The first layer with three groups (two negatives per image, as {@code ff.negatives = all} does). */
        OVERLAY_THREE_GROUPS,
        /** A plain layer on random rows. */
        PLAIN,
        /** A plain layer on what dropout and a skip connection make: zeroed and rescaled values plus an input. */
        PLAIN_DROPOUT_SKIP
    }

    /** A loss with its margin sign and softplus form. */
    record LossCase(LossKind kind, MarginSign sign, SoftplusForm form) {
        @Override
        public String toString() {
            return kind + (kind == LossKind.P_POS ? "" : (kind == LossKind.LOGISTIC ? "/" + sign : "") + "/" + form);
        }
    }

    static List<LossCase> losses() {
        List<LossCase> l = new ArrayList<>();
        for (SoftplusForm form : SoftplusForm.values()) {
            for (MarginSign sign : MarginSign.values()) {
                l.add(new LossCase(LossKind.LOGISTIC, sign, form));
            }
            l.add(new LossCase(LossKind.HINTON_BCE, MarginSign.STUDY, form));
        }
        l.add(new LossCase(LossKind.P_POS, MarginSign.STUDY, SoftplusForm.STABLE));
        return l;
    }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (GoodnessKind g : GoodnessKind.values()) {
            for (LossCase l : losses()) {
                for (Activation a : Activation.values()) {
                    for (boolean norm : new boolean[] {false, true}) {
                        for (Input in : Input.values()) {
                            all.add(Arguments.of(g, l, a, norm, in));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

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

    @AfterAll
    static void report() {
        LOG.info("largest relative gradient difference: float32 {} ({}), float64 {} ({})", WORST[0], WORST_CASE[0],
                WORST[1], WORST_CASE[1]);
    }

    static FFConfig ff(GoodnessKind g, LossCase l, double threshold) {
        return new FFConfig(g, l.kind(), threshold, 0.3, l.sign(), l.form(), Options.NegativeMode.RANDOM,
                Options.PredictionLayers.ALL_LAYERS, Options.PredictionSkip.IGNORE);
    }

    static TrainingConfig training() {
        return new TrainingConfig(Options.Schedule.CHUNKED, 100, 1, 0.03, 0.9, 0.999, 1e-8, 0, 0);
    }

    /** A threshold near the goodness of these small layers, so that no loss saturates. */
    static double threshold(GoodnessKind g) {
        return switch (g) {
            case MEAN_SQUARES -> 0.3;
            case SUM_SQUARES -> 1.5;
            case MEAN -> 0.1;
        };
    }

    static FFLayer layer(Input in, Activation a, boolean norm, FFConfig ff, NDManager params, long seed) {
        boolean overlay = in == Input.OVERLAY || in == Input.OVERLAY_THREE_GROUPS;
        int width = overlay ? IMAGE + OverlayBatch.CLASSES : IMAGE;
        return new FFLayer(overlay ? 0 : 1, width, OUT, overlay, a, norm, Goodness.create(ff.goodness()),
                LayerLoss.create(ff), training(), params, new SavableRandom(seed));
    }

    static int groups(Input in) {
        return in == Input.OVERLAY_THREE_GROUPS ? 3 : 2;
    }

    static float[] gaussian(int count, SavableRandom r, double sd) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            // Box-Muller: SavableRandom has no nextGaussian on Java 17
            double u = 1 - r.nextDouble();
            v[i] = (float) (sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return v;
    }

    /** Images as the loader makes them: normalised pixels, the overlay value is their maximum. */
    static OverlayBatch batch(NDManager m, SavableRandom r) {
        float[] rest = gaussian(N * IMAGE, r, 1.0);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : rest) {
            max = Math.max(max, v);
        }
        float[] inv = new float[N];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            double sq = (double) max * max;
            for (int j = 0; j < IMAGE; j++) {
                sq += (double) rest[i * IMAGE + j] * rest[i * IMAGE + j];
            }
            inv[i] = (float) (1 / (Math.sqrt(sq) + 1e-4));
            labels[i] = r.nextInt(10);
        }
        return new OverlayBatch(m.create(rest, new Shape(N, IMAGE)), m.create(inv, new Shape(N, 1)), max, labels);
    }

    static NDArray scaledOneHot(NDManager m, OverlayBatch b, int groups, SavableRandom r) {
        float[] oh = new float[groups * N * OverlayBatch.CLASSES];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < N; i++) {
                int label = g == 0 ? b.labels()[i] : (b.labels()[i] + 1 + r.nextInt(9)) % 10;
                oh[(g * N + i) * OverlayBatch.CLASSES + label] = b.max();
            }
        }
        return m.create(oh, new Shape((long) groups * N, OverlayBatch.CLASSES));
    }

    static NDArray plainInput(NDManager m, Input in, SavableRandom r) {
        float[] x = gaussian(2 * N * IMAGE, r, 1.0);
        if (in == Input.PLAIN_DROPOUT_SKIP) {
            float[] previous = gaussian(x.length, r, 0.5);
            for (int i = 0; i < x.length; i++) {
                x[i] = (r.nextInt(5) == 0 ? 0f : x[i] / 0.8f) + previous[i]; // dropout 0.2, then + skip input
            }
        }
        return m.create(x, new Shape(2L * N, IMAGE));
    }

    /** The old step's gradients: autograd over forward, goodness and loss. */
    static NDArray[] autograd(Engine engine, FFLayer layer, Goodness goodness, LayerLoss loss, OverlayBatch b,
            NDArray oneHot, int groups, NDArray x, double[] lossOut) {
        NDArray[] ps = layer.parameters();
        for (NDArray p : ps) {
            p.setRequiresGradient(true);
        }
        try (GradientCollector gc = engine.newGradientCollector()) {
            NDArray y = b != null ? layer.forwardOverlay(b, oneHot, groups) : layer.forward(x);
            NDList parts = goodness.score(y).split(new long[] {b != null ? b.size() : N});
            NDArray l = loss.loss(parts.get(0), parts.get(1));
            lossOut[0] = l.toType(DataType.FLOAT64, false).getDouble();
            gc.backward(l);
        }
        NDArray[] grads = new NDArray[ps.length];
        for (int i = 0; i < ps.length; i++) {
            grads[i] = ps[i].getGradient().duplicate();
            ps[i].setRequiresGradient(false);
        }
        return grads;
    }

    @ParameterizedTest(name = "{0} {1} {2} norm={3} {4}")
    @MethodSource("combinations")
    void analyticGradientsEqualAutograd(GoodnessKind g, LossCase l, Activation a, boolean norm, Input in) {
        String name = g + " " + l + " " + a + " norm=" + norm + " " + in;
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            compare(name + " " + type, g, l, a, norm, in, type);
        }
    }

    private void compare(String name, GoodnessKind g, LossCase l, Activation a, boolean norm, Input in,
            DataType type) {
        FFConfig ff = ff(g, l, threshold(g));
        SavableRandom r = new SavableRandom(31L * g.ordinal() + 7L * a.ordinal() + in.ordinal());
        FFLayer layer = inType(layer(in, a, norm, ff, manager, r.nextLong()), a, norm, ff, type);
        OverlayBatch b = null;
        NDArray oneHot = null;
        NDArray x = null;
        FFLayer.Gradients analytic;
        int groups = groups(in);
        if (layer.takesOverlay()) {
            OverlayBatch b32 = batch(manager, r);
            b = new OverlayBatch(b32.rest().toType(type, false), b32.inverseNorm().toType(type, false), b32.max(),
                    b32.labels());
            oneHot = scaledOneHot(manager, b32, groups, r).toType(type, false);
            analytic = layer.overlayGradients(b, oneHot, groups);
        } else {
            x = plainInput(manager, in, r).toType(type, false);
            analytic = layer.gradients(x, N);
        }
        double[] autogradLoss = new double[1];
        NDArray[] expected = autograd(engine, layer, Goodness.create(g), LayerLoss.create(ff), b, oneHot, groups, x,
                autogradLoss);
        assertEquals(autogradLoss[0], analytic.stats().loss().toType(DataType.FLOAT64, false).getDouble(), 0.0,
                name + " loss");
        assertFalse(analytic.output().hasGradient(), "the output carries no gradient");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(type, analytic.grads()[i].getDataType());
            assertClose(name + " parameter " + i, type == DataType.FLOAT64 ? 1 : 0,
                    expected[i].toType(DataType.FLOAT64, false).toDoubleArray(),
                    analytic.grads()[i].toType(DataType.FLOAT64, false).toDoubleArray());
        }
    }

    /** The same layer with its parameters in {@code type}. */
    static FFLayer inType(FFLayer layer, Activation a, boolean norm, FFConfig ff, DataType type) {
        NDArray[] p = layer.parameters();
        NDArray[] c = new NDArray[p.length];
        for (int i = 0; i < p.length; i++) {
            c[i] = p[i].toType(type, true);
        }
        return new FFLayer(layer.index(), layer.inputSize(), layer.outputSize(), a, norm,
                Goodness.create(ff.goodness()), LayerLoss.create(ff), training(), c.length == 3 ? c[0] : null,
                c[c.length - 2], c[c.length - 1]);
    }

    /**
     * The study's softplus {@code log(exp(z) + 1)} overflows for a goodness far beyond the
     * threshold: the loss is infinite (the trial ends as diverged) and the gradient NaN in the
     * same entries as autograd's.
     */
    @Test
    void studySoftplusOverflowGivesAutogradsNaN() {
        FFConfig ff = ff(GoodnessKind.SUM_SQUARES, new LossCase(LossKind.LOGISTIC, MarginSign.STUDY, SoftplusForm.STUDY),
                0);
        SavableRandom r = new SavableRandom(5);
        FFLayer layer = layer(Input.PLAIN, Activation.RELU, false, ff, manager, r.nextLong());
        NDArray x = plainInput(manager, Input.PLAIN, r).mul(100f);
        FFLayer.Gradients analytic = layer.gradients(x, N);
        double[] autogradLoss = new double[1];
        NDArray[] expected = autograd(engine, layer, Goodness.create(ff.goodness()), LayerLoss.create(ff), null, null,
                2, x, autogradLoss);
        assertEquals(Double.POSITIVE_INFINITY, autogradLoss[0]);
        assertEquals(Float.POSITIVE_INFINITY, analytic.stats().loss().getFloat());
        for (int i = 0; i < expected.length; i++) {
            float[] e = expected[i].toFloatArray();
            float[] a = analytic.grads()[i].toFloatArray();
            boolean anyNaN = false;
            for (int k = 0; k < e.length; k++) {
                assertEquals(Float.isNaN(e[k]), Float.isNaN(a[k]), "parameter " + i + " entry " + k);
                anyNaN |= Float.isNaN(a[k]);
            }
            assertTrue(anyNaN, "parameter " + i + " has no NaN: the case does not overflow");
        }
    }

    /**
     * Skip connections and dropout only change a layer's input: three network steps with both
     * (three layers, ELU, input norm) move every parameter as the same steps with autograd's
     * gradients do, the same dropout masks drawn from the same stream.
     */
    @Test
    void networkStepsWithSkipAndDropoutFollowAutograd() {
        int d = 10 + IMAGE;
        ModelConfig model = new ModelConfig(Options.ModelKind.FF, List.of(OUT, OUT, OUT), Activation.ELU, true, 0.2,
                true);
        FFConfig ff = ff(GoodnessKind.MEAN_SQUARES, new LossCase(LossKind.LOGISTIC, MarginSign.STUDY,
                SoftplusForm.STABLE), 0.3);
        long seed = 17;
        try (FFNetwork analytic = new FFNetwork(d, model, ff, training(), manager, engine, new SavableRandom(seed));
                FFNetwork reference = new FFNetwork(d, model, ff, training(), manager, engine,
                        new SavableRandom(seed))) {
            // The reference's dropout stream, split as FFNetwork splits it: one per layer, then dropout's.
            SavableRandom r = new SavableRandom(seed);
            for (int i = 0; i < model.hiddenSizes().size(); i++) {
                r.split();
            }
            DropoutMasks masks = new DropoutMasks(model.dropout(), true, r.split());
            SavableRandom data = new SavableRandom(3);
            Goodness goodness = Goodness.create(ff.goodness());
            LayerLoss loss = LayerLoss.create(ff);
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    OverlayBatch b = batch(scope, data);
                    NDArray oneHot = scaledOneHot(scope, b, 2, data);
                    List<FFLayer.StepStats> a = analytic.trainStep(b, oneHot, 2);
                    NDArray h = null;
                    for (FFLayer layer : reference.layers()) {
                        NDArray input = h;
                        double[] l = new double[1];
                        NDArray[] grads = layer.takesOverlay()
                                ? autograd(engine, layer, goodness, loss, b, oneHot, 2, null, l)
                                : autograd(engine, layer, goodness, loss, null, null, 2, input, l);
                        NDArray y = layer.takesOverlay() ? layer.forwardOverlay(b, oneHot, 2) : layer.forward(input);
                        layer.update(new FFLayer.Gradients(y, null, grads));
                        assertEquals(l[0], a.get(layer.index()).loss().getFloat(), 1e-5 * Math.abs(l[0]),
                                "step " + step + " layer " + layer.index() + " loss");
                        h = layer.index() > 0 ? y.add(input) : y;
                        h = masks.apply(h);
                    }
                }
            }
            for (int i = 0; i < model.hiddenSizes().size(); i++) {
                float[][] pa = analytic.layers().get(i).parameterValues();
                float[][] pr = reference.layers().get(i).parameterValues();
                for (int k = 0; k < pa.length; k++) {
                    assertArrayEquals(pr[k], pa[k], 1e-5f, "layer " + i + " parameter " + k);
                }
            }
        }
    }

    static void assertClose(String what, int precision, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(expected[i]) && Double.isFinite(actual[i]), what + ": not finite at " + i);
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        assertTrue(norm > 0, what + ": autograd's gradient is zero, the case tests nothing");
        double rel = Math.sqrt(diff / norm);
        if (rel > WORST[precision]) {
            WORST[precision] = rel;
            WORST_CASE[precision] = what;
        }
        double tolerance = precision == 1 ? TOLERANCE_64 : TOLERANCE_32;
        assertTrue(rel <= tolerance, what + ": relative difference " + rel + " > " + tolerance);
    }
}
