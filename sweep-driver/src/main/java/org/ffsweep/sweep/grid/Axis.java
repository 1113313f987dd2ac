package org.ffsweep.sweep.grid;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One axis of a sweep's Cartesian product: a grid axis (one path) or a zip group (paths whose
 * values move together). Each point sets every path of the axis.
 *
 * @param paths the axis's paths relative to {@code ffsweep.trial}, sorted
 * @param points the axis's values, in the order they are written
 * @param origin where the axis is written
 */
record Axis(List<String> paths, List<SortedMap<String, ConfigValue>> points, ConfigOrigin origin) {

    Axis {
        paths = List.copyOf(paths);
        points = points.stream().map(p -> Collections.unmodifiableSortedMap(new TreeMap<>(p))).toList();
        if (paths.isEmpty() || points.isEmpty()) {
            throw new IllegalArgumentException("an axis needs at least one path and one value");
        }
    }

    /**
     * An axis from columns of values (path to values); every column must have the same length.
     *
     * @param where names the axis in errors
     */
    static Axis of(SortedMap<String, List<ConfigValue>> columns, ConfigOrigin origin, String where) {
        int n = columns.values().iterator().next().size();
        for (List<ConfigValue> c : columns.values()) {
            if (c.size() != n) {
                Map<String, Integer> lengths = new TreeMap<>();
                columns.forEach((p, v) -> lengths.put(p, v.size()));
                throw new ConfigException.BadValue(origin, where,
                        "the lists of a zip group must have equal lengths, got " + lengths);
            }
        }
        List<SortedMap<String, ConfigValue>> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SortedMap<String, ConfigValue> point = new TreeMap<>();
            for (Map.Entry<String, List<ConfigValue>> c : columns.entrySet()) {
                point.put(c.getKey(), c.getValue().get(i));
            }
            points.add(point);
        }
        return new Axis(List.copyOf(columns.keySet()), points, origin);
    }

    /** The path that orders this axis among the others: its first path. */
    String key() {
        return paths.get(0);
    }
}
