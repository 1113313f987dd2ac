package org.ffsweep.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.ffsweep.core.config.Options.NegativeMode;

/**
 * A rough count of the bytes one trial holds at once, to refuse absurd models before anything
 * runs: every weight with its gradient and two Adam moments (16 bytes a parameter), plus the
 * inputs and a few activations of every layer for one training batch of positives and
 * negatives. It is a lower bound of what libtorch allocates, so it errs on the side of letting a
 * trial run. Every layer's weight must also fit one Java array ({@value #MAX_TENSOR_ELEMENTS}
 * elements), as its initial values are drawn in Java.
 */
public final class MemoryEstimate {
    /** Pixels of an MNIST or Fashion-MNIST image: the first layer's input width. */
    static final int INPUT_WIDTH = 784;
    /** Training images of MNIST and Fashion-MNIST: no batch is larger. */
    static final int TRAINING_IMAGES = 60_000;
    /** The largest weight tensor a layer may have (Java arrays hold at most about 2^31 elements). */
    static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8L;
    private static final double BYTES_PER_PARAMETER = 4 * 4; // float32 weight, gradient, Adam m and v
    private static final double ACTIVATION_COPIES = 3; // output, activation, gradient per layer
    private static final String KEY = "ffsweep.trial.model.hidden-sizes";

    private MemoryEstimate() {}

    /** Parameters of the model (weights and biases of every layer). */
    static double parameters(ModelConfig model) {
        double n = 0;
        long in = INPUT_WIDTH;
        for (int w : model.hiddenSizes()) {
            n += (double) in * w + w;
            in = w;
        }
        return n;
    }

    /** Rows of one training step: the batch (capped by train-limit), with its negatives. */
    static double rows(TrialConfig t) {
        int batch = Math.min(t.training().batchSize(), TRAINING_IMAGES);
        if (t.training().trainLimit() > 0) {
            batch = Math.min(batch, t.training().trainLimit());
        }
        int negatives = t.ff().negatives() == NegativeMode.ALL ? 9 : 1;
        return (double) batch * (1 + negatives);
    }

    /** The estimate, in bytes. */
    public static double bytes(TrialConfig t) {
        List<Integer> widths = t.model().hiddenSizes();
        double activations = INPUT_WIDTH + ACTIVATION_COPIES * widths.stream().mapToDouble(w -> w).sum();
        return parameters(t.model()) * BYTES_PER_PARAMETER + rows(t) * activations * 4;
    }

    /** What a trial may use on this machine: its physical memory, or the JVM's heap limit if larger. */
    public static long availableBytes() {
        long physical = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return Math.max(physical, Runtime.getRuntime().maxMemory());
    }

    /**
     * Refuses {@code t} when a layer's weight is too large for one tensor or the estimate exceeds
     * {@code available} bytes, naming {@code model.hidden-sizes} at {@code origin}.
     */
    public static void check(TrialConfig t, long available, ConfigOrigin origin) {
        long in = INPUT_WIDTH;
        for (int w : t.model().hiddenSizes()) {
            if (in * w > MAX_TENSOR_ELEMENTS) {
                throw new ConfigException.BadValue(origin, KEY, String.format(Locale.ROOT, "a layer of %d inputs and %d"
                        + " units has %.3g weights, more than one tensor can hold (%d); got %s", in, w,
                        (double) in * w, MAX_TENSOR_ELEMENTS, t.model().hiddenSizes()));
            }
            in = w;
        }
        double bytes = bytes(t);
        if (bytes > available) {
            throw new ConfigException.BadValue(origin, KEY, String.format(Locale.ROOT, "the model needs at least %s"
                    + " (%.3g parameters with gradients and Adam state, and the activations of %.0f rows a step),"
                    + " more than this machine's %s; got %s (with training.batch-size %d)", gb(bytes),
                    parameters(t.model()), rows(t), gb(available), t.model().hiddenSizes(),
                    t.training().batchSize()));
        }
    }

    private static String gb(double bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
