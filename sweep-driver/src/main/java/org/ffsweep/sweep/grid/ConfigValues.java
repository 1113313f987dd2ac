package org.ffsweep.sweep.grid;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.Objects;

/** Small helpers on HOCON values: rendering, comparison by value, and errors that carry an origin. */
final class ConfigValues {
    private ConfigValues() {}

    /** The value as concise HOCON/JSON text: {@code 0.5}, {@code "relu"}, {@code [500,500]}. */
    static String render(ConfigValue v) {
        return v.render(ConfigRenderOptions.concise());
    }

    /**
     * Whether two values are equal as values: numbers by numeric value ({@code 1} equals
     * {@code 1.0}), lists element by element, objects key by key, anything else by its text
     * ({@code true} equals {@code "true"}, as HOCON converts them).
     */
    static boolean same(ConfigValue a, ConfigValue b) {
        if (a.valueType() == ConfigValueType.NUMBER && b.valueType() == ConfigValueType.NUMBER) {
            return decimal(a).compareTo(decimal(b)) == 0;
        }
        if (a instanceof ConfigList la && b instanceof ConfigList lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof ConfigObject oa && b instanceof ConfigObject ob) {
            return oa.keySet().equals(ob.keySet())
                    && oa.keySet().stream().allMatch(k -> same(oa.get(k), ob.get(k)));
        }
        if (a.valueType() == ConfigValueType.LIST || a.valueType() == ConfigValueType.OBJECT
                || b.valueType() == ConfigValueType.LIST || b.valueType() == ConfigValueType.OBJECT) {
            return false;
        }
        return Objects.equals(String.valueOf(a.unwrapped()), String.valueOf(b.unwrapped()));
    }

    /** A number's exact decimal value (a double as its shortest decimal text: 0.1 is 0.1). */
    static BigDecimal decimal(ConfigValue number) {
        return new BigDecimal(number.unwrapped().toString());
    }

    /** A {@code BadValue} at {@code v}'s file and line. */
    static ConfigException.BadValue bad(ConfigValue v, String path, String message) {
        return new ConfigException.BadValue(v.origin(), path, message);
    }
}
