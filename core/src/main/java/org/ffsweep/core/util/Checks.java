package org.ffsweep.core.util;

/** Argument checks that name the configuration key they guard. */
public final class Checks {
    private Checks() {}

    public static int positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
        return value;
    }

    public static int nonNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + value);
        }
        return value;
    }

    public static double finiteAtLeast(String key, double value, double min) {
        if (!Double.isFinite(value) || value < min) {
            throw new IllegalArgumentException(key + " must be a finite number >= " + min + ", got " + value);
        }
        return value;
    }

    public static double positive(String key, double value) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException(key + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Checks {@code min <= value < max}. */
    public static double inHalfOpen(String key, double value, double min, double max) {
        if (!Double.isFinite(value) || value < min || value >= max) {
            throw new IllegalArgumentException(
                    key + " must be in [" + min + ", " + max + "), got " + value);
        }
        return value;
    }

    public static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }
}
