package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One entry of {@code ffsweep.sweep.exclude}: a trial matches when, for every key, its resolved
 * value equals one of the key's allowed values.
 *
 * <p>A list in an entry means any of its elements, except for a key whose trial value is itself
 * a list ({@code model.hidden-sizes}): there a list of lists means any of them, and a flat list
 * is that one value.
 *
 * @param anyOf for each path (relative to {@code ffsweep.trial}), the values that match
 * @param origin where the entry is written
 */
record ExcludeRule(SortedMap<String, List<ConfigValue>> anyOf, ConfigOrigin origin) {

    ExcludeRule {
        anyOf = Collections.unmodifiableSortedMap(new TreeMap<>(anyOf));
    }

    /**
     * Reads one entry, already flattened to paths checked against the base trial.
     *
     * @param baseTrial the resolved {@code ffsweep.trial} of the base trial (tells list-valued keys)
     */
    static ExcludeRule read(SortedMap<String, ConfigValue> entry, Config baseTrial, ConfigOrigin origin,
            String where) {
        SortedMap<String, List<ConfigValue>> anyOf = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : entry.entrySet()) {
            boolean listKey = baseTrial.getValue(e.getKey()).valueType() == ConfigValueType.LIST;
            anyOf.put(e.getKey(), alternatives(e.getValue(), listKey, where + ".\"" + e.getKey() + "\""));
        }
        return new ExcludeRule(anyOf, origin);
    }

    private static List<ConfigValue> alternatives(ConfigValue v, boolean listKey, String where) {
        if (!(v instanceof ConfigList list)) {
            return List.of(v);
        }
        if (list.isEmpty()) {
            throw ConfigValues.bad(v, where, "an empty list matches nothing; give the values to exclude");
        }
        boolean listOfLists = list.stream().allMatch(x -> x.valueType() == ConfigValueType.LIST);
        return listKey && !listOfLists ? List.of(v) : List.copyOf(list);
    }

    /** Whether {@code trial}, a resolved {@code ffsweep.trial} subtree, matches every key. */
    boolean matches(Config trial) {
        for (Map.Entry<String, List<ConfigValue>> e : anyOf.entrySet()) {
            ConfigValue actual = trial.getValue(e.getKey());
            if (e.getValue().stream().noneMatch(v -> ConfigValues.same(actual, v))) {
                return false;
            }
        }
        return true;
    }
}
