package org.ffsweep.sweep.grid;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of one axis: a non-empty list, or an inclusive range {@code {from, to, step}}
 * computed in exact decimal arithmetic ({@code 0.5} to {@code 10.5} by {@code 0.5} is 21 values).
 * A range whose {@code from} and {@code step} are whole numbers gives integers. Generated values
 * carry the range's file and line.
 */
final class AxisValues {
    /** Guards against a step typed too small; no real sweep has an axis this long. */
    static final int MAX_RANGE_VALUES = 100_000;
    private static final Set<String> RANGE_KEYS = Set.of("from", "to", "step");

    private AxisValues() {}

    /** Whether {@code v} is written as a range (an object with any of from, to, step). */
    static boolean isRange(ConfigValue v) {
        return v instanceof ConfigObject o && o.keySet().stream().anyMatch(RANGE_KEYS::contains);
    }

    /** Reads the axis {@code v}; {@code path} names it in errors. */
    static List<ConfigValue> read(String path, ConfigValue v) {
        if (v instanceof ConfigList list) {
            if (list.isEmpty()) {
                throw ConfigValues.bad(v, path, "an axis needs at least one value, got []");
            }
            return List.copyOf(list);
        }
        if (isRange(v)) {
            return range(path, (ConfigObject) v);
        }
        throw ConfigValues.bad(v, path, "expected a list of values or a range { from, to, step }, got "
                + ConfigValues.render(v));
    }

    private static List<ConfigValue> range(String path, ConfigObject o) {
        if (!o.keySet().equals(RANGE_KEYS)) {
            throw ConfigValues.bad(o, path, "a range needs exactly the keys [from, step, to], got "
                    + new TreeSet<>(o.keySet()));
        }
        BigDecimal from = number(path, o, "from");
        BigDecimal to = number(path, o, "to");
        BigDecimal step = number(path, o, "step");
        if (step.signum() <= 0) {
            throw ConfigValues.bad(o.get("step"), path + ".step", "a range's step must be > 0, got " + step);
        }
        if (to.compareTo(from) < 0) {
            throw ConfigValues.bad(o.get("to"), path + ".to",
                    "a range's to must be >= its from (" + from + "), got " + to);
        }
        BigInteger count = to.subtract(from).divideToIntegralValue(step).toBigInteger().add(BigInteger.ONE);
        if (count.compareTo(BigInteger.valueOf(MAX_RANGE_VALUES)) > 0) {
            throw ConfigValues.bad(o, path, "the range " + from + " to " + to + " by " + step + " gives "
                    + count + " values; at most " + MAX_RANGE_VALUES + " are allowed");
        }
        boolean integral = isIntegral(from) && isIntegral(step);
        List<ConfigValue> values = new ArrayList<>(count.intValue());
        for (int k = 0; k < count.intValue(); k++) {
            BigDecimal x = from.add(step.multiply(BigDecimal.valueOf(k)));
            Object boxed = integral ? whole(x) : (Object) x.doubleValue();
            values.add(ConfigValueFactory.fromAnyRef(boxed).withOrigin(o.origin()));
        }
        return List.copyOf(values);
    }

    private static BigDecimal number(String path, ConfigObject o, String key) {
        ConfigValue v = o.get(key);
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw ConfigValues.bad(v, path + "." + key,
                    "a range's " + key + " must be a number, got " + ConfigValues.render(v));
        }
        return ConfigValues.decimal(v);
    }

    private static boolean isIntegral(BigDecimal x) {
        return x.signum() == 0 || x.stripTrailingZeros().scale() <= 0;
    }

    private static Object whole(BigDecimal x) {
        long v = x.longValueExact();
        return v == (int) v ? (Object) (int) v : (Object) v;
    }
}
