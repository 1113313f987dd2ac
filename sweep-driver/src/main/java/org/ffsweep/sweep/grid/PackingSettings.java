package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.Locale;

/**
 * {@code ffsweep.sweep.packing}: how many trials of one shape may train as one packed model, and
 * how much of the device's memory a pack may use. The pack size itself is chosen by measurement
 * ({@code PackPlanner}) for each shape, up to {@code maxTrials}; {@code maxTrials = 1} turns
 * packing off.
 *
 * @param maxTrials the largest pack (1 = off)
 * @param memoryFraction the share of the device's memory one pack may use, in (0, 1]
 * @param probeSteps steps timed per pack size by the planner
 * @param measure whether the planner measures the pack size (else packs are {@code maxTrials} trials)
 * @param measurementCache {@code ffsweep.sweep.measurement-cache}: the folder where the planner's
 *     (and the concurrency probe's) measurements are kept per machine, or {@code off}
 *     ({@code org.ffsweep.core.run.MeasurementCache})
 */
public record PackingSettings(int maxTrials, double memoryFraction, int probeSteps, boolean measure,
        String measurementCache) implements Serializable {
    private static final String PATH = "ffsweep.sweep.packing";
    private static final String CACHE_PATH = "ffsweep.sweep.measurement-cache";

    public PackingSettings {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("max-trials must be >= 1, got " + maxTrials);
        }
        if (!(memoryFraction > 0 && memoryFraction <= 1)) {
            throw new IllegalArgumentException("memory-fraction must be in (0, 1], got " + memoryFraction);
        }
        if (probeSteps < 1) {
            throw new IllegalArgumentException("probe-steps must be >= 1, got " + probeSteps);
        }
    }

    /** Settings that keep no measurements. */
    public PackingSettings(int maxTrials, double memoryFraction, int probeSteps, boolean measure) {
        this(maxTrials, memoryFraction, probeSteps, measure, "off");
    }

    /** These settings with packs of at most {@code most} trials. */
    public PackingSettings upTo(int most) {
        return new PackingSettings(most, memoryFraction, probeSteps, measure, measurementCache);
    }

    /** Packing off. */
    public static final PackingSettings OFF = new PackingSettings(1, 0.5, 1, true);

    public boolean enabled() {
        return maxTrials > 1;
    }

    /**
     * Reads {@code ffsweep.sweep.packing} and {@code ffsweep.sweep.measurement-cache} of a loaded
     * configuration; a bad value names its file, line and key.
     */
    public static PackingSettings read(Config root) {
        String cache = root.getString(CACHE_PATH);
        Config c = root.getConfig(PATH);
        int max = whole(c, "max-trials");
        int steps = whole(c, "probe-steps");
        double fraction = c.getDouble("memory-fraction");
        boolean measure = c.getBoolean("measure");
        try {
            return new PackingSettings(max, fraction, steps, measure, cache);
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().substring(0, e.getMessage().indexOf(' '));
            throw new ConfigException.BadValue(c.getValue(key).origin(), PATH + "." + key, e.getMessage());
        }
    }

    private static int whole(Config c, String key) {
        double v = c.getDouble(key);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new ConfigException.BadValue(c.getValue(key).origin(), PATH + "." + key,
                    String.format(Locale.ROOT, "must be a whole number, got %s", c.getValue(key).unwrapped()));
        }
        return (int) v;
    }
}
