package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.ffsweep.core.util.SavableRandom;

/** Parameter initialisation, drawn in Java so that a seed gives the same weights on any device. */
public final class Init {
    private Init() {}

    /**
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's {@code nn.Linear} default for weight and bias.
     * The array keeps its own direct buffer (PyTorch wraps it without copying on CPU).
     */
    public static NDArray linearUniform(NDManager m, Shape shape, int fanIn, SavableRandom rng) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        int n = Math.toIntExact(shape.size());
        FloatBuffer buf = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n; i++) {
            buf.put((float) ((rng.nextDouble() * 2 - 1) * bound));
        }
        buf.rewind();
        return m.create(buf, shape, DataType.FLOAT32);
    }
}
