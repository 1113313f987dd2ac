package org.ffsweep.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.ReusableFloatBuffer;

/**
 * Turns images into {@link OverlayBatch}es on the device: pixels scaled to [0, 1] and normalised
 * with MNIST's mean 0.1307 and std 0.3081 (as torchvision's ToTensor + Normalize compute them, in
 * float32), the overlay value being the largest normalised value of the batch. Reuses one direct
 * buffer for its uploads (PyTorch tensors made from fresh buffers are freed only by GC).
 */
public final class DeviceImages {
    static final float MEAN = 0.1307f;
    static final float STD = 0.3081f;
    private static final float NORM_EPS = 1e-4f;
    private static final float[] LUT = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            LUT[p] = ((float) p / 255f - MEAN) / STD;
        }
    }

    private final ReusableFloatBuffer buffer = new ReusableFloatBuffer();

    /** The normalised value of pixel {@code p} (0..255). */
    public static float normalised(int p) {
        return LUT[p & 0xff];
    }

    /** An overlay batch of images {@code rows[0..n)} of {@code set}, in {@code manager}. */
    public OverlayBatch batch(ImageSet set, int[] rows, NDManager manager) {
        int d = set.pixelsPerImage();
        int restWidth = d - OverlayBatch.CLASSES;
        int n = rows.length;
        FloatBuffer buf = buffer.get(n * restWidth);
        FloatBuffer inv = FloatBuffer.allocate(n);
        byte[] px = set.pixels();
        float max = Float.NEGATIVE_INFINITY;
        double[] restSq = new double[n];
        int[] labels = new int[n];
        for (int r = 0; r < n; r++) {
            int base = rows[r] * d;
            float sq = 0f;
            for (int j = 0; j < d; j++) {
                float v = LUT[px[base + j] & 0xff];
                if (v > max) {
                    max = v;
                }
                if (j >= OverlayBatch.CLASSES) {
                    buf.put(v);
                    sq += v * v;
                }
            }
            restSq[r] = sq;
            labels[r] = set.label(rows[r]);
        }
        for (int r = 0; r < n; r++) {
            inv.put((float) (1.0 / (Math.sqrt(restSq[r] + (double) max * max) + NORM_EPS)));
        }
        buf.flip();
        NDArray rest = upload(buf, new Shape(n, restWidth), manager);
        FloatBuffer invBuf = buffer.get(n);
        invBuf.put(inv.array());
        invBuf.flip();
        NDArray inverseNorm = upload(invBuf, new Shape(n, 1), manager);
        return new OverlayBatch(rest, inverseNorm, max, labels);
    }

    /**
     * The overlay rows for {@code labels} (one block of n per group, group-major), each one-hot
     * row scaled by {@code max}: {@code [labels.length, 10]}.
     */
    public NDArray scaledOneHot(int[] labels, float max, NDManager manager) {
        FloatBuffer buf = buffer.get(labels.length * OverlayBatch.CLASSES);
        for (int label : labels) {
            for (int c = 0; c < OverlayBatch.CLASSES; c++) {
                buf.put(c == label ? max : 0f);
            }
        }
        buf.flip();
        return upload(buf, new Shape(labels.length, OverlayBatch.CLASSES), manager);
    }

    /** Plain normalised images {@code [n, d]} (the backprop baseline's input). */
    public NDArray images(ImageSet set, int[] rows, NDManager manager) {
        int d = set.pixelsPerImage();
        FloatBuffer buf = buffer.get(rows.length * d);
        byte[] px = set.pixels();
        for (int row : rows) {
            int base = row * d;
            for (int j = 0; j < d; j++) {
                buf.put(LUT[px[base + j] & 0xff]);
            }
        }
        buf.flip();
        return upload(buf, new Shape(rows.length, d), manager);
    }

    /**
     * A copy of the buffer's contents on the device. On CPU, PyTorch wraps a direct buffer
     * without copying, so the reused buffer must not back a live array: copy, drop the alias.
     */
    private static NDArray upload(FloatBuffer buf, Shape shape, NDManager manager) {
        try (NDArray alias = manager.create(buf, shape, DataType.FLOAT32)) {
            return alias.duplicate();
        }
    }

}
