package org.ffsweep.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.util.Checks;

/**
 * Where and how a trial runs ({@code ffsweep.runtime}); never part of a trial's identity.
 *
 * @param threads libtorch intra-op threads per trial; 0 = the cores available, shared by the
 *     trials that run at once
 * @param device where trials train
 * @param concurrentTrials trials a local sweep trains at once in its JVM; {@link #AUTO} (0) = chosen
 *     by a short measurement before the sweep ({@code ConcurrencyProbe})
 */
public record RuntimeConfig(int threads, DevicePreference device, int concurrentTrials)
        implements java.io.Serializable {
    /** {@code concurrent-trials = auto}. */
    public static final int AUTO = 0;

    public RuntimeConfig {
        Checks.nonNegative("runtime.threads", threads);
        Checks.notNull("runtime.device", device);
        Checks.nonNegative("runtime.concurrent-trials", concurrentTrials);
    }

    /** One trial at a time. */
    public RuntimeConfig(int threads, DevicePreference device) {
        this(threads, device, 1);
    }

    /** This configuration with {@code threads} libtorch threads per trial. */
    public RuntimeConfig withThreads(int threads) {
        return new RuntimeConfig(threads, device, concurrentTrials);
    }

    /** This configuration with {@code trials} trials at once. */
    public RuntimeConfig withConcurrentTrials(int trials) {
        return new RuntimeConfig(threads, device, trials);
    }

    /** Reads {@code c}, the {@code ffsweep.runtime} subtree. */
    public static RuntimeConfig fromConfig(Config c) {
        ConfigReader r = new ConfigReader(c, "ffsweep.runtime.");
        int concurrent = c.getValue("concurrent-trials").valueType() == ConfigValueType.STRING
                ? r.get("concurrent-trials", p -> {
                    String v = c.getString(p);
                    if (!v.equals("auto")) {
                        throw new IllegalArgumentException("expected auto or a whole number > 0, got '" + v + "'");
                    }
                    return AUTO;
                })
                : r.positiveInt("concurrent-trials");
        return new RuntimeConfig(r.nonNegativeInt("threads"), r.enumValue("device", DevicePreference.class),
                concurrent);
    }
}
