package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code ffsweep.sweep} from a loaded sweep file into a {@link SweepDefinition}, checking
 * what the generic loader cannot: that every axis and exclude key is a key of
 * {@code ffsweep.trial}, that axes do not overlap, and the shape of every axis, zip group and
 * exclude entry. Every error names the file and line.
 */
final class SweepReader {
    private static final String SWEEP = "ffsweep.sweep";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String SAFE_NAME = "use letters, digits, '.', '_' and '-' only (not '.' or '..' alone)";

    private SweepReader() {}

    /** Whether {@code name} can name a folder as it is: {@code [A-Za-z0-9._-]+}, and not {@code .} or {@code ..}. */
    static boolean isSafeName(String name) {
        return NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** Reads the sweep of {@code root}, a configuration loaded and checked by {@code ConfigLoader}. */
    static SweepDefinition read(Config root, Path file) {
        Config trial = root.getConfig("ffsweep.trial");
        int repeats = root.getInt(SWEEP + ".repeats");
        if (repeats < 1) {
            throw ConfigValues.bad(root.getValue(SWEEP + ".repeats"), SWEEP + ".repeats", "must be >= 1, got " + repeats);
        }
        SortedMap<String, ConfigOrigin> productOrigins = new TreeMap<>();
        List<Axis> product = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : flatten(root.getObject(SWEEP + ".grid"), true, SWEEP + ".grid").entrySet()) {
            String where = SWEEP + ".grid." + ConfigUtil.quoteString(e.getKey());
            claim(trial, productOrigins, e.getKey(), e.getValue(), where);
            List<ConfigValue> values = AxisValues.read(where, e.getValue());
            product.add(Axis.of(new TreeMap<>(Map.of(e.getKey(), values)), e.getValue().origin(), where));
        }
        List<? extends ConfigValue> zip = root.getList(SWEEP + ".zip");
        for (int i = 0; i < zip.size(); i++) {
            String where = SWEEP + ".zip[" + i + "]";
            ConfigObject group = object(zip.get(i), where, "a zip group");
            SortedMap<String, List<ConfigValue>> columns = new TreeMap<>();
            for (Map.Entry<String, ConfigValue> e : flatten(group, true, where).entrySet()) {
                String at = where + "." + ConfigUtil.quoteString(e.getKey());
                claim(trial, productOrigins, e.getKey(), e.getValue(), at);
                columns.put(e.getKey(), AxisValues.read(at, e.getValue()));
            }
            product.add(Axis.of(columns, group.origin(), where));
        }
        SortedMap<String, ConfigOrigin> axisOrigins = new TreeMap<>(productOrigins);
        SortedMap<String, List<ConfigValue>> oneAtATime = new TreeMap<>();
        String oat = SWEEP + ".one-at-a-time";
        for (Map.Entry<String, ConfigValue> e : flatten(root.getObject(oat), true, oat).entrySet()) {
            String where = oat + "." + ConfigUtil.quoteString(e.getKey());
            checkPath(trial, e.getKey(), e.getValue(), where);
            oneAtATime.put(e.getKey(), AxisValues.read(where, e.getValue()));
            axisOrigins.putIfAbsent(e.getKey(), e.getValue().origin());
        }
        String name = root.getString(SWEEP + ".name");
        if (name.isEmpty()) {
            name = defaultName(file);
            if (!isSafeName(name)) {
                throw ConfigValues.bad(root.getValue(SWEEP + ".name"), SWEEP + ".name", "the sweep's name would be the"
                        + " file's name '" + name + "', which names a folder of results: " + SAFE_NAME
                        + "; set ffsweep.sweep.name");
            }
        } else if (!isSafeName(name)) {
            throw ConfigValues.bad(root.getValue(SWEEP + ".name"), SWEEP + ".name", "'" + name + "' names a folder of"
                    + " results: " + SAFE_NAME);
        }
        return new SweepDefinition(name, product, oneAtATime, repeats,
                excludeRules(root, trial), axisOrigins, root.getValue(SWEEP).origin());
    }

    /**
     * Refuses a key directly under {@code ffsweep.sweep} of the parsed file {@code app} that no
     * {@code reference.conf} declares (such as {@code gird}), at its file and line.
     */
    static void rejectUnknownKeys(Config app) {
        if (!(app.root().get("ffsweep") instanceof ConfigObject ffsweep
                && ffsweep.get("sweep") instanceof ConfigObject sweep)) {
            return;
        }
        ConfigObject known = ConfigFactory.defaultReference().getObject(SWEEP);
        for (Map.Entry<String, ConfigValue> e : sweep.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                throw new ConfigException.BadPath(e.getValue().origin(), ConfigUtil.joinPath("ffsweep", "sweep", e.getKey()),
                        "unknown key (expected one of " + new TreeSet<>(known.keySet())
                                + "; check its spelling)");
            }
        }
    }

    private static List<ExcludeRule> excludeRules(Config root, Config trial) {
        List<? extends ConfigValue> entries = root.getList(SWEEP + ".exclude");
        List<ExcludeRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = SWEEP + ".exclude[" + i + "]";
            ConfigObject entry = object(entries.get(i), where, "an exclude entry");
            SortedMap<String, ConfigValue> keys = flatten(entry, false, where);
            if (keys.isEmpty()) {
                throw ConfigValues.bad(entry, where, "an exclude entry needs at least one key (an empty one drops every trial)");
            }
            keys.forEach((path, v) -> checkPath(trial, path, v, where + "." + ConfigUtil.quoteString(path)));
            rules.add(ExcludeRule.read(keys, trial, entry.origin(), where));
        }
        return rules;
    }

    private static ConfigObject object(ConfigValue v, String where, String what) {
        if (v instanceof ConfigObject o) {
            return o;
        }
        throw ConfigValues.bad(v, where, what + " must be an object { \"path\" = ..., ... }, got " + ConfigValues.render(v));
    }

    /**
     * The leaves of {@code o} by path: quoted keys ({@code "ff.threshold"}) and nested objects
     * ({@code ff { threshold = ... }}) give the same path; a range object is a leaf when
     * {@code ranges} is set.
     */
    private static SortedMap<String, ConfigValue> flatten(ConfigObject o, boolean ranges, String where) {
        SortedMap<String, ConfigValue> out = new TreeMap<>();
        flatten("", o, ranges, where, out);
        return out;
    }

    private static void flatten(String prefix, ConfigObject o, boolean ranges, String where,
            SortedMap<String, ConfigValue> out) {
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            ConfigValue v = e.getValue();
            if (v instanceof ConfigObject child && !child.isEmpty() && !(ranges && AxisValues.isRange(child))) {
                flatten(path, child, ranges, where, out);
            } else if (out.putIfAbsent(path, v) != null) {
                throw ConfigValues.bad(v, where + "." + ConfigUtil.quoteString(path),
                        "the path '" + path + "' is given twice (" + out.get(path).origin().description() + ")");
            }
        }
    }

    /** Checks {@code path} and records it as an axis of the product; axes may not overlap. */
    private static void claim(Config trial, SortedMap<String, ConfigOrigin> claimed, String path, ConfigValue v,
            String where) {
        checkPath(trial, path, v, where);
        for (Map.Entry<String, ConfigOrigin> c : claimed.entrySet()) {
            String other = c.getKey();
            if (other.equals(path) || path.startsWith(other + ".") || other.startsWith(path + ".")) {
                throw ConfigValues.bad(v, where, "the axis '" + path + "' overlaps the axis '" + other + "' ("
                        + c.getValue().description() + "); a path may be on one grid or zip axis only");
            }
        }
        claimed.put(path, v.origin());
    }

    private static void checkPath(Config trial, String path, ConfigValue v, String where) {
        boolean known;
        try {
            known = trial.hasPathOrNull(path);
        } catch (ConfigException.BadPath e) {
            throw new ConfigException.BadPath(v.origin(), where, "'" + path + "' is not a valid path: " + e.getMessage());
        }
        if (!known) {
            throw new ConfigException.BadPath(v.origin(), where,
                    "unknown trial key '" + path + "' (axis and exclude keys are paths relative to ffsweep.trial; "
                            + "check its spelling)");
        }
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".conf") ? n.substring(0, n.length() - ".conf".length()) : n;
    }
}
