package org.ffsweep.core.ff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.Options.GoodnessKind;
import org.ffsweep.core.config.Options.LossKind;
import org.ffsweep.core.config.Options.MarginSign;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.Options.PredictionLayers;
import org.ffsweep.core.config.Options.PredictionSkip;
import org.ffsweep.core.config.Options.SoftplusForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Goodness and loss against values computed by hand. */
class GoodnessAndLossTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static final float[] Y = {1, -2, 3, 0, 0.5f, -0.5f}; // rows [1,-2,3] and [0,.5,-.5]

    private static NDArray y() {
        return manager.create(Y, new Shape(2, 3));
    }

    @Test
    void goodnessByHand() {
        assertArrayEquals(new float[] {14f / 3, 0.5f / 3},
                Goodness.create(GoodnessKind.MEAN_SQUARES).score(y()).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {14f, 0.5f},
                Goodness.create(GoodnessKind.SUM_SQUARES).score(y()).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {2f / 3, 0f},
                Goodness.create(GoodnessKind.MEAN).score(y()).toFloatArray(), 1e-6f);
    }

    private static FFConfig ff(LossKind loss, double theta, double margin, MarginSign sign, SoftplusForm sp) {
        return new FFConfig(GoodnessKind.MEAN_SQUARES, loss, theta, margin, sign, sp, NegativeMode.RANDOM,
                PredictionLayers.ALL_LAYERS, PredictionSkip.IGNORE);
    }

    private static double softplus(double z) {
        return Math.log1p(Math.exp(z));
    }

    private float loss(FFConfig c, float[] pos, float[] neg) {
        return LayerLoss.create(c).loss(manager.create(pos), manager.create(neg)).getFloat();
    }

    @Test
    void logisticWithTheStudysMarginSign() {
        float[] pos = {3f, 1f};
        float[] neg = {2f, 0.5f};
        double theta = 2;
        double m = 1;
        // mean over cat[-(g_pos - theta + m), g_neg - theta - m] of log(1 + exp(.))
        double expected = (softplus(-(3 - theta + m)) + softplus(-(1 - theta + m))
                + softplus(2 - theta - m) + softplus(0.5 - theta - m)) / 4;
        assertEquals(expected, loss(ff(LossKind.LOGISTIC, theta, m, MarginSign.STUDY, SoftplusForm.STABLE), pos, neg),
                1e-6);
        assertEquals(expected, loss(ff(LossKind.LOGISTIC, theta, m, MarginSign.STUDY, SoftplusForm.STUDY), pos, neg),
                1e-6);
    }

    @Test
    void outwardMarginPushesAwayFromTheThreshold() {
        float[] pos = {3f, 1f};
        float[] neg = {2f, 0.5f};
        double expected = (softplus(-(3 - 2 - 1)) + softplus(-(1 - 2 - 1)) + softplus(2 - 2 + 1)
                + softplus(0.5 - 2 + 1)) / 4;
        assertEquals(expected, loss(ff(LossKind.LOGISTIC, 2, 1, MarginSign.OUTWARD, SoftplusForm.STABLE), pos, neg),
                1e-6);
    }

    @Test
    void thePlateauLossIsSoftplusOfMinusTheMargin() {
        // g_pos = g_neg = theta: both terms are softplus(-1) = 0.3133 with margin 1.
        float[] g = {10f, 10f};
        assertEquals(0.31326, loss(ff(LossKind.LOGISTIC, 10, 1, MarginSign.STUDY, SoftplusForm.STABLE), g, g), 1e-4);
    }

    @Test
    void unequalSidesWeighEqually() {
        float[] pos = {3f};
        float[] neg = {2f, 0.5f, 1f};
        double expected = 0.5 * softplus(-(3 - 2)) + 0.5 * (softplus(2 - 2) + softplus(0.5 - 2) + softplus(1 - 2)) / 3;
        assertEquals(expected, loss(ff(LossKind.HINTON_BCE, 2, 5, MarginSign.STUDY, SoftplusForm.STABLE), pos, neg),
                1e-6);
    }

    @Test
    void stableSoftplusDoesNotOverflowWhereTheStudysDoes() {
        float[] pos = {0f};
        float[] neg = {200f};
        float stable = loss(ff(LossKind.LOGISTIC, 10, 0, MarginSign.STUDY, SoftplusForm.STABLE), pos, neg);
        float study = loss(ff(LossKind.LOGISTIC, 10, 0, MarginSign.STUDY, SoftplusForm.STUDY), pos, neg);
        assertEquals((softplus(10) + 190) / 2, stable, 1e-3);
        assertTrue(Float.isInfinite(study), "log(1 + exp(190)) overflows float32");
    }

    @Test
    void pPosIsTheStudysOriginalLoss() {
        float[] pos = {1f, -1f};
        float[] neg = {0f, 2f};
        double s = 1 / (1 + Math.exp(-1)); // sigmoid(1)
        double theta = 0.5;
        double m = 0.1;
        double expected = ((theta + m - s) + (theta + m - (1 - s))) / 2
                + ((0.5 - theta + m) + (1 / (1 + Math.exp(-2)) - theta + m)) / 2;
        assertEquals(expected, loss(ff(LossKind.P_POS, theta, m, MarginSign.STUDY, SoftplusForm.STABLE), pos, neg),
                1e-6);
    }
}
