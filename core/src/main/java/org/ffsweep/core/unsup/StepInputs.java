package org.ffsweep.core.unsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.ReusableFloatBuffer;

/**
 * The input of one training step on the device: blocks of n normalised images stacked
 * row-wise (images, then partners if any, then hybrids), normalised as {@link DeviceImages}
 * normalises them. Reuses one direct buffer for its uploads.
 */
final class StepInputs {
    private final ReusableFloatBuffer buffer = new ReusableFloatBuffer();

    /**
     * {@code [rows; partners; hybrids]} ({@code partners} may be null: {@code [rows; hybrids]}),
     * {@code [blocks * n, pixels]}, in {@code manager}.
     */
    NDArray upload(ImageSet set, int[] rows, int[] partners, HybridImages hybrids, NDManager manager) {
        int d = set.pixelsPerImage();
        int n = rows.length;
        int blocks = partners == null ? 2 : 3;
        FloatBuffer buf = buffer.get(blocks * n * d);
        byte[] px = set.pixels();
        putRows(buf, px, rows, d);
        if (partners != null) {
            putRows(buf, px, partners, d);
        }
        byte[] hy = hybrids.pixels();
        for (int i = 0; i < n * d; i++) {
            buf.put(DeviceImages.normalised(hy[i]));
        }
        buf.flip();
        try (NDArray alias = manager.create(buf, new Shape((long) blocks * n, d), DataType.FLOAT32)) {
            return alias.duplicate(); // PyTorch wraps the reused buffer on CPU: copy it
        }
    }

    private static void putRows(FloatBuffer buf, byte[] px, int[] rows, int d) {
        for (int r : rows) {
            int base = r * d;
            for (int j = 0; j < d; j++) {
                buf.put(DeviceImages.normalised(px[base + j]));
            }
        }
    }
}
