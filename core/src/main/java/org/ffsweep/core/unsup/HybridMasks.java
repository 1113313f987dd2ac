package org.ffsweep.core.unsup;

import java.util.stream.IntStream;
import org.ffsweep.core.config.Options.MaskPadding;
import org.ffsweep.core.util.SavableRandom;

/**
 * Random masks made of large regions, for hybrid images (Hinton 2022; the study's
 * {@code create_mask}): uniform noise in [0, 1) blurred {@code repeats} times with the filter
 * [1/4, 1/2, 1/4] horizontally and then vertically, then 1 where the result exceeds 0.5. Outside
 * the image the blur sees zeros (the study's code) or the border pixel repeated
 * ({@link MaskPadding}).
 *
 * <p>One blur along an axis is a {@code side x side} tridiagonal matrix B (zero padding drops the
 * taps outside the image, edge padding adds them to the border pixel's), and blurring rows commutes with blurring columns, so {@code repeats}
 * rounds of (horizontal, vertical) equal {@code B^r X (B^r)^T}: two small matrix products per
 * mask whatever the number of repeats. Masks are drawn in a fixed number of parts, each from its
 * own stream split in a fixed order, so a seed gives the same masks on any number of cores.
 */
public final class HybridMasks {
    /** The blurred noise is thresholded here. */
    public static final float THRESHOLD = 0.5f;
    private static final int PARTS = 8;

    private final int side;
    private final int repeats;
    private final MaskPadding padding;
    /** B^repeats, row-major. */
    private final float[] blur;

    /** Masks of {@code side x side} pixels, blurred {@code repeats} times with {@code padding} at the borders. */
    public HybridMasks(int side, int repeats, MaskPadding padding) {
        if (side < 1) {
            throw new IllegalArgumentException("mask side must be > 0, got " + side);
        }
        if (repeats < 0) {
            throw new IllegalArgumentException("blur repeats must be >= 0, got " + repeats);
        }
        this.side = side;
        this.repeats = repeats;
        this.padding = padding;
        this.blur = power(side, repeats, padding);
    }

    /** The side of a square image of {@code pixels} pixels; an error if it is not square. */
    public static int sideOf(int pixels) {
        int s = (int) Math.round(Math.sqrt(pixels));
        if (s * s != pixels) {
            throw new IllegalArgumentException("hybrid masks need square images, got " + pixels + " pixels");
        }
        return s;
    }

    public int side() {
        return side;
    }

    public int repeats() {
        return repeats;
    }

    /** {@code n} masks, row-major, {@code 1} where the image is kept and {@code 0} where its partner shows. */
    public byte[] masks(int n, SavableRandom rng) {
        return threshold(blurredNoise(n, rng));
    }

    /** 1 where {@code field} exceeds {@link #THRESHOLD}, else 0. */
    public static byte[] threshold(float[] field) {
        byte[] out = new byte[field.length];
        for (int i = 0; i < field.length; i++) {
            out[i] = field[i] > THRESHOLD ? (byte) 1 : (byte) 0;
        }
        return out;
    }

    /** The blurred noise of {@code n} masks before the threshold (what {@link #masks} thresholds, for the same stream). */
    public float[] blurredNoise(int n, SavableRandom rng) {
        int px = side * side;
        float[] out = new float[n * px];
        SavableRandom[] streams = new SavableRandom[PARTS];
        for (int k = 0; k < PARTS; k++) {
            streams[k] = rng.split();
        }
        int per = (n + PARTS - 1) / PARTS;
        IntStream.range(0, PARTS).parallel().forEach(k -> {
            float[] noise = new float[px];
            float[] half = new float[px];
            for (int i = k * per; i < Math.min(n, (k + 1) * per); i++) {
                for (int j = 0; j < px; j++) {
                    noise[j] = (float) streams[k].nextDouble();
                }
                blur(noise, half, out, i * px);
            }
        });
        return out;
    }

    /** {@code image} ({@code side x side}) blurred {@code repeats} times (tests). */
    float[] blurOne(float[] image) {
        float[] out = new float[side * side];
        blur(image, new float[side * side], out, 0);
        return out;
    }

    /** out[at..] = B^r X (B^r)^T for the image X = noise; {@code half} is scratch. */
    private void blur(float[] noise, float[] half, float[] out, int at) {
        int s = side;
        // half = X (B^r)^T: blur every row
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                float acc = 0f;
                for (int k = 0; k < s; k++) {
                    acc += noise[r * s + k] * blur[c * s + k];
                }
                half[r * s + c] = acc;
            }
        }
        // out = B^r half: blur every column
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                out[at + r * s + c] = 0f;
            }
            for (int k = 0; k < s; k++) {
                float w = blur[r * s + k];
                if (w == 0f) {
                    continue;
                }
                for (int c = 0; c < s; c++) {
                    out[at + r * s + c] += w * half[k * s + c];
                }
            }
        }
    }

    /** B^r for the blur B of one axis of {@code side} pixels with {@code padding}, computed in double. */
    static float[] power(int side, int r, MaskPadding padding) {
        boolean edge = padding == MaskPadding.EDGE;
        double[] m = new double[side * side];
        for (int i = 0; i < side; i++) {
            m[i * side + i] = 1.0;
        }
        for (int t = 0; t < r; t++) {
            double[] next = new double[side * side];
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    // (B m)[i][j] = m[i-1][j]/4 + m[i][j]/2 + m[i+1][j]/4; outside: 0 or row i itself
                    double v = 0.5 * m[i * side + j];
                    if (i > 0 || edge) {
                        v += 0.25 * m[Math.max(i - 1, 0) * side + j];
                    }
                    if (i < side - 1 || edge) {
                        v += 0.25 * m[Math.min(i + 1, side - 1) * side + j];
                    }
                    next[i * side + j] = v;
                }
            }
            m = next;
        }
        float[] f = new float[side * side];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) m[i];
        }
        return f;
    }

    @Override
    public String toString() {
        return "HybridMasks(side=" + side + ", repeats=" + repeats + ", padding=" + padding.key() + ")";
    }
}
