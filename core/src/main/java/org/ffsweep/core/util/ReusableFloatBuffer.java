package org.ffsweep.core.util;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One direct float buffer, grown as needed and reused for uploads to the engine (making a
 * tensor from a fresh buffer each step grows native memory until GC). Not thread-safe.
 */
public final class ReusableFloatBuffer {
    private FloatBuffer buffer = FloatBuffer.allocate(0);

    /** The buffer, cleared, with room for and limit at {@code floats}. */
    public FloatBuffer get(int floats) {
        if (buffer.capacity() < floats) {
            buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        buffer.clear();
        buffer.limit(floats);
        return buffer;
    }
}
