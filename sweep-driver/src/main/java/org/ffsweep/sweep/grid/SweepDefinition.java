package org.ffsweep.sweep.grid;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code ffsweep.sweep} section of a sweep file, read and checked: which points around the
 * base trial to make, how often to repeat each, and which trials to drop.
 *
 * @param name the sweep's name
 * @param product the grid axes and zip groups, ordered by {@link Axis#key()}
 * @param oneAtATime for each path, the values a one-at-a-time study gives it
 * @param repeats trials per point (seeds {@code seed + k})
 * @param exclude the exclusion rules
 * @param axisOrigins every axis path (product and one-at-a-time) and where it is written
 * @param origin where {@code ffsweep.sweep} is written
 */
record SweepDefinition(
        String name,
        List<Axis> product,
        SortedMap<String, List<ConfigValue>> oneAtATime,
        int repeats,
        List<ExcludeRule> exclude,
        SortedMap<String, ConfigOrigin> axisOrigins,
        ConfigOrigin origin) {

    /** Refuses sweeps larger than this before building any trial. */
    static final long MAX_TRIALS = 1_000_000;

    SweepDefinition {
        product = product.stream().sorted(Comparator.comparing(Axis::key)).toList();
        oneAtATime = Collections.unmodifiableSortedMap(new TreeMap<>(oneAtATime));
        exclude = List.copyOf(exclude);
        axisOrigins = Collections.unmodifiableSortedMap(new TreeMap<>(axisOrigins));
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
    }

    /**
     * The points of the sweep, each the axis values it sets (path to value), before repeats:
     * the Cartesian product of {@link #product} (first axis slowest), then, when there is a
     * one-at-a-time study, the base trial (an empty point) and one point per path and value.
     * Without any axis, the base trial alone.
     */
    List<SortedMap<String, ConfigValue>> points() {
        double total = (product.stream().mapToDouble(a -> a.points().size()).reduce(1, (x, y) -> x * y)
                + oneAtATime.values().stream().mapToInt(List::size).sum() + 1) * repeats;
        if (total > MAX_TRIALS) {
            throw new ConfigException.BadValue(origin, "ffsweep.sweep", String.format(Locale.ROOT,
                    "the sweep would have about %.3g trials; at most %d are allowed", total, MAX_TRIALS));
        }
        List<SortedMap<String, ConfigValue>> points = new ArrayList<>();
        if (!product.isEmpty() || oneAtATime.isEmpty()) {
            points.add(new TreeMap<>());
            for (Axis axis : product) {
                List<SortedMap<String, ConfigValue>> next = new ArrayList<>();
                for (SortedMap<String, ConfigValue> p : points) {
                    for (SortedMap<String, ConfigValue> v : axis.points()) {
                        SortedMap<String, ConfigValue> q = new TreeMap<>(p);
                        q.putAll(v);
                        next.add(q);
                    }
                }
                points = next;
            }
        }
        if (!oneAtATime.isEmpty()) {
            points.add(new TreeMap<>());
            for (Map.Entry<String, List<ConfigValue>> e : oneAtATime.entrySet()) {
                for (ConfigValue v : e.getValue()) {
                    points.add(new TreeMap<>(Map.of(e.getKey(), v)));
                }
            }
        }
        return points;
    }
}
