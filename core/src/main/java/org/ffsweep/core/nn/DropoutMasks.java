package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.ffsweep.core.util.ReusableFloatBuffer;
import org.ffsweep.core.util.SavableRandom;

/**
 * Inverted dropout (keep with probability 1 - p, scale kept values by 1 / (1 - p)). On CPU the
 * masks are drawn in Java from a {@link SavableRandom}, four 16-bit draws per 64-bit number:
 * about four times faster than libtorch's CPU Bernoulli sampler, and the same masks for a seed on
 * every machine. The keep probability is quantised to a multiple of 1/65536 (p = 0.2 keeps with
 * probability 0.8000031). Elsewhere (GPUs) libtorch's own dropout runs on the device.
 */
public final class DropoutMasks {
    private static final int LEVELS = 1 << 16;
    private static final int PARTS = 4;
    /** Values per chunk of {@link #multiply}: a multiple of 4, 64 KiB. */
    private static final int CHUNK = 16_384;

    private final float p;
    private final boolean javaMasks;
    private final SavableRandom rng;
    private final int keepBelow;
    private final float scale;
    private final ReusableFloatBuffer buffer = new ReusableFloatBuffer();
    private final float[][] scratch = new float[PARTS][0];

    /**
     * Dropout with probability {@code p}, its masks drawn from {@code rng} in Java when
     * {@code cpu} (else by libtorch on the device, see {@link #apply}).
     */
    public DropoutMasks(double p, boolean cpu, SavableRandom rng) {
        this.p = (float) p;
        this.javaMasks = cpu;
        this.rng = rng;
        this.keepBelow = (int) Math.round((1 - p) * LEVELS);
        this.scale = (float) (1 / (1 - p));
    }

    /**
     * The stream the masks are drawn from (checkpoints save it).
     *
     * @throws UnsupportedOperationException when libtorch draws the masks (on a GPU), from a generator no checkpoint holds
     */
    SavableRandom random() {
        if (p != 0 && !javaMasks) {
            throw new UnsupportedOperationException("dropout masks drawn by libtorch on the device cannot be"
                    + " checkpointed (its generator state is not saved); use model.dropout = 0 or the CPU");
        }
        return rng;
    }

    /**
     * Applies dropout to {@code x}, a detached array nothing else reads, and returns the result:
     * in place, except on the CPU for an {@code x} that is not contiguous, which is written into a
     * new array and closed. On the CPU the mask is drawn and applied in one pass and never stored
     * ({@link #multiply}).
     */
    NDArray apply(NDArray x) {
        if (p == 0) {
            return x;
        }
        if (!javaMasks) {
            return Dropout.dropout(x, p, true).singletonOrThrow();
        }
        int n = Math.toIntExact(x.size());
        if (CpuKernels.applies(x)) {
            if (CpuKernels.contiguous(x)) {
                FloatBuffer values = CpuKernels.floats(x);
                multiply(values, values, 0, n); // in place
                return x;
            }
            NDArray out = x.getManager().create(x.getShape(), DataType.FLOAT32);
            multiply(CpuKernels.floats(x), CpuKernels.floats(out), 0, n);
            x.close();
            return out;
        }
        FloatBuffer buf = buffer.get(n);
        fill(buf, n);
        buf.position(n);
        buf.flip();
        NDManager m = x.getManager();
        try (NDArray mask = m.create(buf, x.getShape(), DataType.FLOAT32)) {
            return x.muli(mask); // in place: x is a detached output nothing else reads
        }
    }

    /**
     * Advances the mask stream past one mask, as {@link #apply} or {@link #fill} would, without
     * drawing it: for an output nothing reads (the last layer's in training), so that every later
     * mask is the one it would have been. The stream splits once per part of a mask and each
     * part's draws come from its own split, so skipping costs {@code PARTS} splits. With
     * libtorch's masks (GPUs) it draws nothing.
     */
    public void skip() {
        if (p == 0 || !javaMasks) {
            return;
        }
        for (int k = 0; k < PARTS; k++) {
            rng.split();
        }
    }

    /** Whether this dropout changes anything ({@code p > 0}); with {@code p = 0} it draws nothing. */
    public boolean active() {
        return p != 0;
    }

    /**
     * Writes the next mask of {@code n} values (each 0 or {@code 1 / (1 - p)}) into
     * {@code buf}'s positions {@code [buf.position(), buf.position() + n)}, leaving its position
     * unchanged: the same draws, in the same order, as {@link #apply} makes on CPU for an array
     * of {@code n} values (packed trials fill their slices of one mask with it). Draws nothing
     * when not {@link #active()}.
     */
    public void fill(FloatBuffer buf, int n) {
        if (p == 0) {
            return;
        }
        int base = buf.position();
        // PARTS independent streams, split in a fixed order: the same mask on any number of cores
        // (skip() advances the stream by these splits alone).
        SavableRandom[] streams = new SavableRandom[PARTS];
        for (int k = 0; k < PARTS; k++) {
            streams[k] = rng.split();
        }
        int per = (n + PARTS - 1) / PARTS;
        IntStream.range(0, PARTS).forEach(k -> {
            int from = Math.min(n, k * per);
            int to = Math.min(n, from + per);
            float[] part = scratch(k, to - from);
            fill(part, to - from, streams[k]);
            buf.duplicate().position(base + from).put(part, 0, to - from);
        });
    }

    /**
     * Writes {@code src[base, base + n)} times the next mask into {@code dst[base, base + n)}: the
     * same draws, in the same order, and the same products as {@link #fill} followed by a
     * multiplication, with the parts in parallel and no mask stored. {@code src} and {@code dst}
     * may be the same buffer (in place). Copies when not {@link #active()} (and draws nothing).
     */
    public void multiply(FloatBuffer src, FloatBuffer dst, int base, int n) {
        if (p == 0) {
            if (src == dst) {
                return; // in place: nothing to copy
            }
            float[] chunk = new float[Math.min(n, CHUNK)];
            FloatBuffer in = src.duplicate();
            FloatBuffer out = dst.duplicate();
            for (int from = 0; from < n; from += chunk.length) {
                int len = Math.min(chunk.length, n - from);
                in.position(base + from);
                in.get(chunk, 0, len);
                out.position(base + from);
                out.put(chunk, 0, len);
            }
            return;
        }
        SavableRandom[] streams = new SavableRandom[PARTS];
        for (int k = 0; k < PARTS; k++) {
            streams[k] = rng.split();
        }
        int per = (n + PARTS - 1) / PARTS;
        IntStream.range(0, PARTS).parallel().forEach(k -> {
            int from = Math.min(n, k * per);
            int to = Math.min(n, from + per);
            float[] chunk = new float[Math.min(Math.max(to - from, 0), CHUNK)];
            FloatBuffer in = src.duplicate();
            FloatBuffer out = dst.duplicate();
            // chunks of a multiple of 4 values: each draw's four fields stay in one chunk, so the
            // stream advances exactly as one fill of the whole part
            for (int at = from; at < to; at += chunk.length) {
                int len = Math.min(chunk.length, to - at);
                in.position(base + at);
                in.get(chunk, 0, len);
                streams[k].multiplyKeepMask(chunk, len, keepBelow, scale);
                out.position(base + at);
                out.put(chunk, 0, len);
            }
        });
    }

    private float[] scratch(int part, int size) {
        if (scratch[part].length < size) {
            scratch[part] = new float[size];
        }
        return scratch[part];
    }

    private void fill(float[] out, int size, SavableRandom r) {
        r.fillKeepMask(out, size, keepBelow, scale);
    }

}
