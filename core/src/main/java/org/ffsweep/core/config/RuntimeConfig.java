package org.ffsweep.core.config;

import com.typesafe.config.Config;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.util.Checks;

/** Where a trial runs ({@code ffsweep.runtime}); never part of a trial's identity. */
public record RuntimeConfig(int threads, DevicePreference device) implements java.io.Serializable {

    public RuntimeConfig {
        Checks.nonNegative("runtime.threads", threads);
        Checks.notNull("runtime.device", device);
    }

    /** Reads {@code c}, the {@code ffsweep.runtime} subtree. */
    public static RuntimeConfig fromConfig(Config c) {
        ConfigReader r = new ConfigReader(c, "ffsweep.runtime.");
        return new RuntimeConfig(r.nonNegativeInt("threads"), r.enumValue("device", DevicePreference.class));
    }
}
