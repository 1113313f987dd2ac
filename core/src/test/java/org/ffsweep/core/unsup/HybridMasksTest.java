package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ffsweep.core.config.Options.MaskPadding;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hybrid masks: the blur operator, thresholds, determinism and the size of their regions. */
class HybridMasksTest {
    private static final int SIDE = 28;

    /**
     * The study's create_mask, literally: r times a horizontal then a vertical 3-tap blur, with
     * zeros (the study) or the border pixel (edge) outside the image.
     */
    private static float[] naiveBlur(float[] x, int side, int r, boolean edge) {
        float[] a = x.clone();
        for (int t = 0; t < r; t++) {
            float[] h = new float[a.length];
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    float left = j > 0 ? a[i * side + j - 1] : edge ? a[i * side] : 0f;
                    float right = j < side - 1 ? a[i * side + j + 1] : edge ? a[i * side + side - 1] : 0f;
                    h[i * side + j] = 0.25f * left + 0.5f * a[i * side + j] + 0.25f * right;
                }
            }
            float[] v = new float[a.length];
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    float up = i > 0 ? h[(i - 1) * side + j] : edge ? h[j] : 0f;
                    float down = i < side - 1 ? h[(i + 1) * side + j] : edge ? h[(side - 1) * side + j] : 0f;
                    v[i * side + j] = 0.25f * up + 0.5f * h[i * side + j] + 0.25f * down;
                }
            }
            a = v;
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 10, 30})
    void oneOperatorPerAxisEqualsRepeatedBlurs(int repeats) {
        SavableRandom rng = new SavableRandom(repeats);
        float[] noise = new float[SIDE * SIDE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) rng.nextDouble();
        }
        for (MaskPadding padding : MaskPadding.values()) {
            float[] expected = naiveBlur(noise, SIDE, repeats, padding == MaskPadding.EDGE);
            float[] actual = new HybridMasks(SIDE, repeats, padding).blurOne(noise);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, padding.key() + " padding, pixel " + i);
            }
        }
    }

    @Test
    void masksAreTheThresholdedNoiseOfTheSameStream() {
        HybridMasks m = new HybridMasks(SIDE, 10, MaskPadding.ZERO);
        float[] noise = m.blurredNoise(50, new SavableRandom(7));
        byte[] masks = m.masks(50, new SavableRandom(7));
        assertEquals(50 * SIDE * SIDE, masks.length);
        for (int i = 0; i < masks.length; i++) {
            assertEquals(noise[i] > 0.5f ? 1 : 0, masks[i]);
        }
    }

    @Test
    void sameSeedSameMasksOtherSeedOtherMasks() {
        HybridMasks m = new HybridMasks(SIDE, 10, MaskPadding.ZERO);
        assertArrayEquals(m.masks(40, new SavableRandom(1)), m.masks(40, new SavableRandom(1)));
        assertFalse(Arrays.equals(m.masks(40, new SavableRandom(1)), m.masks(40, new SavableRandom(2))));
    }

    /** Fraction of horizontally and vertically adjacent pixel pairs that agree. */
    private static double agreement(byte[] masks, int side) {
        long same = 0;
        long pairs = 0;
        int px = side * side;
        for (int k = 0; k < masks.length / px; k++) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    int at = k * px + i * side + j;
                    if (j + 1 < side) {
                        same += masks[at] == masks[at + 1] ? 1 : 0;
                        pairs++;
                    }
                    if (i + 1 < side) {
                        same += masks[at] == masks[at + side] ? 1 : 0;
                        pairs++;
                    }
                }
            }
        }
        return (double) same / pairs;
    }

    private static double ones(byte[] masks) {
        long n = 0;
        for (byte b : masks) {
            n += b;
        }
        return (double) n / masks.length;
    }

    @Test
    void blurringMakesLargeRegions() {
        byte[] raw = new HybridMasks(SIDE, 0, MaskPadding.ZERO).masks(200, new SavableRandom(3));
        byte[] blurred = new HybridMasks(SIDE, 10, MaskPadding.ZERO).masks(200, new SavableRandom(3));
        assertEquals(0.5, agreement(raw, SIDE), 0.02, "unblurred noise: neighbours agree by chance");
        assertEquals(0.5, ones(raw), 0.02);
        assertTrue(agreement(blurred, SIDE) > 0.9, "blurred: neighbours agree " + agreement(blurred, SIDE));
    }

    @Test
    void zeroPaddingDarkensTheBordersSoTenBlursKeepLessThanHalf() {
        // Within 10 pixels of an edge the 10-fold blur's taps fall partly on the zero padding, so
        // the blurred noise there is below 0.5 on average: the study's masks keep the image mostly
        // in the centre and show the other image elsewhere.
        HybridMasks m = new HybridMasks(SIDE, 10, MaskPadding.ZERO);
        byte[] masks = m.masks(500, new SavableRandom(11));
        double kept = ones(masks);
        assertTrue(kept > 0.05 && kept < 0.35, "mean fraction kept " + kept);
        double border = 0;
        int px = SIDE * SIDE;
        for (int k = 0; k < 500; k++) {
            border += masks[k * px] + masks[k * px + SIDE - 1] + masks[k * px + px - 1] + masks[k * px + px - SIDE];
        }
        assertEquals(0.0, border / (4 * 500), 0.01, "corners are (almost) never kept");
    }

    @Test
    void edgePaddingKeepsHalfOfTheImageOnAverage() {
        byte[] masks = new HybridMasks(SIDE, 10, MaskPadding.EDGE).masks(500, new SavableRandom(11));
        assertEquals(0.5, ones(masks), 0.03);
        assertTrue(agreement(masks, SIDE) > 0.9);
    }

    @Test
    void squareImagesOnly() {
        assertEquals(28, HybridMasks.sideOf(784));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HybridMasks.sideOf(785));
        assertTrue(e.getMessage().contains("785"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HybridMasks(28, -1, MaskPadding.ZERO));
    }
}
