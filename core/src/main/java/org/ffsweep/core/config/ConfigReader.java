package org.ffsweep.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;
import java.util.function.Function;

/**
 * Reads typed values from one HOCON subtree and turns every domain failure into a
 * {@link ConfigException.BadValue} that carries the file and line of the offending value.
 */
final class ConfigReader {
    private final Config config;
    private final String prefix;

    ConfigReader(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    ConfigReader sub(String path) {
        return new ConfigReader(config.getConfig(path), prefix + path + ".");
    }

    <T> T get(String path, Function<String, T> read) {
        try {
            return read.apply(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, "wrong type: " + e.getMessage().replaceFirst("^.*?: \\d+: ", ""));
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
    }

    ConfigException.BadValue bad(String path, String message) {
        return new ConfigException.BadValue(config.getValue(path).origin(), prefix + path, message);
    }

    /**
     * {@code config.getInt(p)}, refusing a number with a fraction (which Typesafe Config would
     * silently truncate: {@code batch-size = 1.5} is not 1).
     */
    private int wholeInt(String p) {
        whole(config.getNumber(p));
        return config.getInt(p);
    }

    private static void whole(Number n) {
        if ((n instanceof Double || n instanceof Float) && n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("must be a whole number, got " + n);
        }
    }

    int positiveInt(String path) {
        return get(path, p -> {
            int v = wholeInt(p);
            if (v <= 0) {
                throw new IllegalArgumentException("must be > 0, got " + v);
            }
            return v;
        });
    }

    int nonNegativeInt(String path) {
        return get(path, p -> {
            int v = wholeInt(p);
            if (v < 0) {
                throw new IllegalArgumentException("must be >= 0, got " + v);
            }
            return v;
        });
    }

    long anyLong(String path) {
        return get(path, p -> {
            whole(config.getNumber(p));
            return config.getLong(p);
        });
    }

    double doubleAtLeast(String path, double min) {
        return get(path, p -> {
            double v = config.getDouble(p);
            if (!Double.isFinite(v) || v < min) {
                throw new IllegalArgumentException("must be a finite number >= " + min + ", got " + v);
            }
            return v;
        });
    }

    double positiveDouble(String path) {
        return get(path, p -> {
            double v = config.getDouble(p);
            if (!Double.isFinite(v) || v <= 0) {
                throw new IllegalArgumentException("must be a finite number > 0, got " + v);
            }
            return v;
        });
    }

    double doubleIn(String path, double min, double maxExclusive) {
        return get(path, p -> {
            double v = config.getDouble(p);
            if (!Double.isFinite(v) || v < min || v >= maxExclusive) {
                throw new IllegalArgumentException(
                        "must be in [" + min + ", " + maxExclusive + "), got " + v);
            }
            return v;
        });
    }

    boolean bool(String path) {
        return get(path, config::getBoolean);
    }

    String string(String path) {
        return get(path, config::getString);
    }

    <E extends Enum<E> & ConfigEnum> E enumValue(String path, Class<E> type) {
        return get(path, p -> ConfigEnum.parse(type, config.getString(p)));
    }

    List<Integer> positiveInts(String path) {
        return get(path, p -> {
            config.getNumberList(p).forEach(ConfigReader::whole);
            List<Integer> v = config.getIntList(p);
            if (v.isEmpty()) {
                throw new IllegalArgumentException("must list at least one width");
            }
            for (int w : v) {
                if (w <= 0) {
                    throw new IllegalArgumentException("every width must be > 0, got " + v);
                }
            }
            return List.copyOf(v);
        });
    }
}
