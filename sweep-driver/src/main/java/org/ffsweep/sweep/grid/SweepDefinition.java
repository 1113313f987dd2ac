package org.ffsweep.sweep.grid;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
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

    /** The points of the sweep before repeats (see {@link #point(long)}); at most {@link #MAX_TRIALS} with them. */
    long pointCount() {
        double productPoints = product.stream().mapToDouble(a -> a.points().size()).reduce(1, (x, y) -> x * y);
        double oat = oneAtATime.isEmpty() ? 0 : 1 + oneAtATime.values().stream().mapToInt(List::size).sum();
        double points = (!product.isEmpty() || oneAtATime.isEmpty() ? productPoints : 0) + oat;
        if (points * repeats > MAX_TRIALS) {
            throw new ConfigException.BadValue(origin, "ffsweep.sweep", String.format(Locale.ROOT,
                    "the sweep would have about %.3g trials; at most %d are allowed", points * repeats, MAX_TRIALS));
        }
        return (long) points;
    }

    /**
     * Point {@code i} of the sweep ({@code 0 <= i < pointCount()}), the axis values it sets (path
     * to value), before repeats: first the Cartesian product of {@link #product} (first axis
     * slowest), then, when there is a one-at-a-time study, the base trial (an empty point) and
     * one point per path and value. Without any axis, the base trial alone. Computed from the
     * index, so a sweep of many points is never held in memory.
     */
    SortedMap<String, ConfigValue> point(long i) {
        long productPoints = !product.isEmpty() || oneAtATime.isEmpty()
                ? product.stream().mapToLong(a -> a.points().size()).reduce(1, (x, y) -> x * y) : 0;
        SortedMap<String, ConfigValue> point = new TreeMap<>();
        if (i < productPoints) {
            long rest = i;
            for (int a = product.size() - 1; a >= 0; a--) {
                List<SortedMap<String, ConfigValue>> values = product.get(a).points();
                point.putAll(values.get((int) (rest % values.size())));
                rest /= values.size();
            }
            return point;
        }
        long j = i - productPoints;
        if (j == 0) {
            return point; // the base of the one-at-a-time study
        }
        j--;
        for (Map.Entry<String, List<ConfigValue>> e : oneAtATime.entrySet()) {
            if (j < e.getValue().size()) {
                point.put(e.getKey(), e.getValue().get((int) j));
                return point;
            }
            j -= e.getValue().size();
        }
        throw new IndexOutOfBoundsException("point " + i + " of " + pointCount());
    }
}
