package org.ffsweep.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.ffsweep.core.config.Options;

/**
 * Element-wise passes of the FF step that libtorch, as DJL exposes it, runs as several full-size
 * passes (ELU's derivative times the loss's row factor is {@code minimum}, {@code add}, {@code mul},
 * {@code mul}: four reads and writes of a 20,000 x 500 array), fused here into one pass in Java
 * over the tensors' own memory ({@link NDArray#toByteBuffer(boolean)} with {@code true}: a view,
 * not a copy, of a contiguous CPU tensor). Each kernel does the same float operations, in the same
 * order, as the libtorch expression it replaces, so its results are bit for bit the same
 * ({@code CpuKernelsTest}); it only saves passes over memory.
 *
 * <p>Only on CPU and for {@code float32} ({@link #applies}); on a GPU the libtorch expressions run
 * on the device, as before. Every kernel writes a new array (inputs are only read, so a view
 * that is not contiguous is read through a contiguous copy and stays correct). Rows are split
 * into blocks processed in parallel (the common fork-join pool and the calling thread); each
 * block is copied into a small Java array, computed there (where the JIT vectorises the loop)
 * and copied back, which is faster than element-by-element buffer access. System property
 * {@code ffsweep.cpu-kernels=false} turns them off (the benchmark compares both in one run).
 */
public final class CpuKernels {
    /** Floats per block a thread copies, computes and writes back: 64 KiB, in the core's L2. */
    private static final int BLOCK = 16_384;
    private static final float LEAK = 0.01f;

    private static volatile boolean enabled = !"false".equals(System.getProperty("ffsweep.cpu-kernels"));

    /** libtorch's is_contiguous for a tensor handle, or null when this DJL does not expose it. */
    private static final MethodHandle IS_CONTIGUOUS = isContiguousHandle();

    private CpuKernels() {}

    private static MethodHandle isContiguousHandle() {
        try {
            // DJL keeps its JNI binding package-private; only its is_contiguous query is used
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field instance = lib.getDeclaredField("LIB");
            instance.setAccessible(true);
            Method m = lib.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m).bindTo(instance.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // every kernel then writes a new array
        }
    }

    /**
     * Whether {@code a}'s values are its memory in row-major order, so that writing through
     * {@link #floats} changes {@code a} itself; false when it cannot be told.
     */
    public static boolean contiguous(NDArray a) {
        if (IS_CONTIGUOUS == null || !(a instanceof PtNDArray pt)) {
            return false;
        }
        try {
            return (boolean) IS_CONTIGUOUS.invokeExact((long) pt.getHandle());
        } catch (Throwable e) {
            return false;
        }
    }

    /** Whether the kernels are on (they are unless {@code ffsweep.cpu-kernels=false}). */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the kernels on or off for the whole JVM (benchmarks and tests compare both). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Whether the kernels run on these arrays: enabled, all on the CPU, all {@code float32}, and
     * autograd not recording (a kernel's result has no graph behind it, so a forward pass under a
     * gradient collector, the reference of {@code FFGradientsTest}, keeps libtorch's ops).
     */
    public static boolean applies(NDArray... arrays) {
        if (!enabled || JniUtils.isGradMode()) {
            return false;
        }
        for (NDArray a : arrays) {
            if (a != null && (!Device.cpu().equals(a.getDevice()) || a.getDataType() != DataType.FLOAT32)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@link #activationBackward} has a kernel for {@code a} (every activation but GELU). */
    public static boolean hasBackward(Options.Activation a) {
        return a != Options.Activation.GELU;
    }

    /**
     * Whether the kernel saves passes over libtorch's expression: not for ReLU's {@code y k}
     * (one multiplication either way, libtorch's as fast) nor GELU (no kernel).
     */
    public static boolean fusesBackward(Options.Activation a, boolean timesOutput) {
        return hasBackward(a) && !(a == Options.Activation.RELU && timesOutput);
    }

    /**
     * {@code z * s + b} as a new array: {@code z} holds rows of {@code cols = b.size()} values,
     * {@code s} one factor per row (null: none; when {@code z} has {@code g} times as many rows
     * as {@code s} has values, row {@code r} takes factor {@code r mod s.size()}, as broadcasting
     * {@code s [n, 1]} over {@code z [g, n, cols]} does), {@code b [cols]}: the same numbers as
     * {@code z.mul(s).add(b)}.
     */
    public static NDArray scaleRowsAddBias(NDArray z, NDArray s, NDArray b) {
        return scaleRowsAddBias(z, s, b, false);
    }

    /**
     * {@link #scaleRowsAddBias(NDArray, NDArray, NDArray)}, written over {@code z} and returning
     * it when {@code inPlace} and {@code z} is {@link #contiguous} (a fresh product nothing else
     * reads: the pass stays in the cache the product left it in), else into a new array.
     */
    public static NDArray scaleRowsAddBias(NDArray z, NDArray s, NDArray b, boolean inPlace) {
        int cols = Math.toIntExact(b.size());
        int rows = Math.toIntExact(z.size() / cols);
        NDArray out = inPlace && contiguous(z) ? z : z.getManager().create(z.getShape(), DataType.FLOAT32);
        FloatBuffer in = floats(z);
        FloatBuffer dst = out == z ? in : floats(out);
        float[] scale = s == null ? null : s.toFloatArray();
        float[] bias = b.toFloatArray();
        if (scale != null && (scale.length == 0 || rows % scale.length != 0)) {
            throw new IllegalArgumentException("row factors: " + scale.length + " for " + rows + " rows");
        }
        forRowBlocks(rows, cols, in, dst, (buf, firstRow, nRows) -> {
            for (int r = 0; r < nRows; r++) {
                int o = r * cols;
                if (scale != null) {
                    float f = scale[(firstRow + r) % scale.length];
                    for (int c = 0; c < cols; c++) {
                        buf[o + c] = buf[o + c] * f + bias[c];
                    }
                } else {
                    for (int c = 0; c < cols; c++) {
                        buf[o + c] = buf[o + c] + bias[c];
                    }
                }
            }
        });
        return out;
    }

    /**
     * {@code dL/dz} for {@code y = a(z)}, as {@link Activations#backward} computes it with libtorch
     * and with the same numbers: {@code k} holds one factor per row of {@code y} (any shape with
     * {@code k.size()} rows of {@code y.size() / k.size()} values), {@code dL/dy = k y} when
     * {@code timesOutput}, else {@code k}.
     *
     * @throws IllegalArgumentException for GELU (its derivative needs {@code z}; see {@link #hasBackward})
     */
    public static NDArray activationBackward(Options.Activation a, NDArray y, NDArray k, boolean timesOutput) {
        if (!hasBackward(a)) {
            throw new IllegalArgumentException("no CPU kernel for the derivative of " + a);
        }
        int rows = Math.toIntExact(k.size());
        int cols = Math.toIntExact(y.size() / rows);
        if ((long) rows * cols != y.size()) {
            throw new IllegalArgumentException("row factors: " + rows + " for an array of " + y.size() + " values");
        }
        NDArray out = y.getManager().create(y.getShape(), DataType.FLOAT32);
        float[] kr = k.toFloatArray();
        forRowBlocks(rows, cols, floats(y), floats(out), (buf, firstRow, nRows) -> {
            for (int r = 0; r < nRows; r++) {
                float f = kr[firstRow + r];
                int from = r * cols;
                int to = from + cols;
                if (timesOutput) {
                    timesOutputRow(a, buf, from, to, f);
                } else {
                    slopeRow(a, buf, from, to, f);
                }
            }
        });
        return out;
    }

    /** {@code y a'(z) k} in place on {@code buf[from, to)} (holding y), as Activations' timesOutput forms. */
    private static void timesOutputRow(Options.Activation a, float[] buf, int from, int to, float k) {
        switch (a) {
            case RELU -> {
                for (int i = from; i < to; i++) {
                    buf[i] = buf[i] * k; // y.mul(k)
                }
            }
            case LEAKY_RELU -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    buf[i] = (y > 0 ? y : y * LEAK) * k; // leakyRelu(y, 0.01).muli(k)
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    float ky = y * k;
                    buf[i] = ky - y * y * ky; // ky.subi(y.square().muli(ky))
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    float kyy = y * k * y;
                    buf[i] = kyy - kyy * y; // kyy.subi(kyy.mul(y))
                }
            }
            case ELU -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    buf[i] = (Math.min(y, 0f) + 1f) * y * k; // y.minimum(0).addi(1).muli(y).muli(k)
                }
            }
            case GELU -> throw new IllegalArgumentException("no CPU kernel for GELU");
        }
    }

    /** {@code a'(z) k} in place on {@code buf[from, to)} (holding y), as Activations' plain forms. */
    private static void slopeRow(Options.Activation a, float[] buf, int from, int to, float k) {
        switch (a) {
            case RELU -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    // torch's sign: (0 < y) - (y < 0), so +0 for either zero and for NaN
                    buf[i] = ((0f < y ? 1f : 0f) - (y < 0f ? 1f : 0f)) * k; // y.sign().muli(k)
                }
            }
            case LEAKY_RELU -> {
                // the double scalars of muli(1 - 0.01) and addi(0.01), as libtorch casts them to float
                float times = (float) (1 - (double) LEAK);
                float plus = (float) (double) LEAK;
                float pos = 1f * times + plus;
                float neg = 0f * times + plus;
                for (int i = from; i < to; i++) {
                    buf[i] = (buf[i] > 0 ? pos : neg) * k; // gt(0) * 0.99 + 0.01, times k
                }
            }
            case TANH -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    buf[i] = (-(y * y) + 1f) * k; // y.square().negi().addi(1).muli(k)
                }
            }
            case SIGMOID -> {
                for (int i = from; i < to; i++) {
                    float y = buf[i];
                    buf[i] = (y - y * y) * k; // y.sub(y.square()).muli(k)
                }
            }
            case ELU -> {
                for (int i = from; i < to; i++) {
                    buf[i] = (Math.min(buf[i], 0f) + 1f) * k; // y.minimum(0).addi(1).muli(k)
                }
            }
            case GELU -> throw new IllegalArgumentException("no CPU kernel for GELU");
        }
    }

    /** The array's values as a float view of its memory (a contiguous copy when it is not contiguous). */
    public static FloatBuffer floats(NDArray a) {
        return a.toByteBuffer(true).asFloatBuffer();
    }

    /** A computation on {@code rows} whole rows of {@code cols} values held in {@code buf} from index 0. */
    @FunctionalInterface
    interface RowBlock {
        void compute(float[] buf, int firstRow, int rows);
    }

    /**
     * Copies blocks of whole rows of {@code in} into a Java array, runs {@code f} on each and
     * writes the result to the same rows of {@code dst}; blocks in parallel.
     */
    static void forRowBlocks(int rows, int cols, FloatBuffer in, FloatBuffer dst, RowBlock f) {
        int rowsPerBlock = Math.max(1, BLOCK / Math.max(1, cols));
        int blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
        int tasks = Math.min(blocks, 4 * Math.max(1, Runtime.getRuntime().availableProcessors()));
        if (tasks == 0) {
            return;
        }
        IntStream range = IntStream.range(0, tasks);
        (tasks > 1 ? range.parallel() : range).forEach(t -> {
            int fromBlock = (int) ((long) blocks * t / tasks);
            int toBlock = (int) ((long) blocks * (t + 1) / tasks);
            float[] buf = new float[rowsPerBlock * cols];
            FloatBuffer src = in.duplicate();
            FloatBuffer out = dst.duplicate();
            for (int blk = fromBlock; blk < toBlock; blk++) {
                int r0 = blk * rowsPerBlock;
                int n = Math.min(rowsPerBlock, rows - r0);
                int len = n * cols;
                src.position(r0 * cols);
                src.get(buf, 0, len);
                f.compute(buf, r0, n);
                out.position(r0 * cols);
                out.put(buf, 0, len);
            }
        });
    }
}
