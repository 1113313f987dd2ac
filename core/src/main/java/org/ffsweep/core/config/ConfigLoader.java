package org.ffsweep.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads an application HOCON file plus {@code --set path=value} overrides on top of every
 * {@code reference.conf} on the class path, and refuses what it does not know: unknown keys (a
 * top-level key other than {@code ffsweep} included), values of the wrong type (a fraction where
 * a whole number belongs included), values out of range, and models too large for this machine's
 * memory ({@link MemoryEstimate}), each with the file and line.
 */
public final class ConfigLoader {
    private static final String ROOT = "ffsweep";
    private static final String TRIAL = "ffsweep.trial.";
    /** The memory a trial may use on this machine ({@link MemoryEstimate}). */
    private static final long AVAILABLE_BYTES = MemoryEstimate.availableBytes();

    private ConfigLoader() {}

    /** A loaded, resolved and checked configuration. */
    public record Loaded(Config root) {
        public TrialConfig trial() {
            return TrialConfig.fromConfig(root.getConfig("ffsweep.trial"));
        }

        public RuntimeConfig runtime() {
            return RuntimeConfig.fromConfig(root.getConfig("ffsweep.runtime"));
        }

        public CheckpointConfig checkpoint() {
            return CheckpointConfig.fromConfig(root.getConfig("ffsweep.checkpoint"));
        }
    }

    /**
     * Loads {@code file} (which must exist) with {@code overrides}, each {@code path=value}; a
     * path that does not start with {@code ffsweep.} is taken relative to {@code ffsweep.trial}.
     */
    public static Loaded load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException.IO(ConfigFactory.empty(file.toString()).origin(),
                    "config file not found: " + file);
        }
        Config app = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        return load(app, overrides);
    }

    /** As {@link #load(Path, List)}, for a configuration already parsed. */
    public static Loaded load(Config app, List<String> overrides) {
        return checked(merged(app, overrides));
    }

    /**
     * The first half of {@link #load(Config, List)}: {@code app} with {@code overrides} on top
     * and every {@code reference.conf} below, resolved, its keys and types checked; not yet its
     * values ({@link #checked}).
     */
    public static Config merged(Config app, List<String> overrides) {
        Config over = ConfigFactory.empty();
        for (String o : overrides) {
            over = parseOverride(o).withFallback(over);
        }
        Config user = over.withFallback(app);
        Config reference = ConfigFactory.defaultReference();
        rejectUnknownKeys(user, reference);
        Config merged = user.withFallback(reference).resolve();
        checkTypes(merged, reference, ROOT);
        return merged;
    }

    /**
     * Checks one value meant for {@code path} (a full path under {@code ffsweep}) as {@link #load}
     * checks a file's: no unknown keys inside it, and the type its reference declares. Not its
     * range: that may depend on the rest of the trial.
     */
    public static void checkValue(String path, ConfigValue value) {
        Config reference = ConfigFactory.defaultReference();
        Config user = ConfigFactory.empty().withValue(path, value);
        rejectUnknownKeys(user, reference);
        checkTypes(user.withFallback(reference).resolve(), reference, path);
    }

    /**
     * The typed checks of {@link #load} on {@code root}, a resolved configuration merged with
     * every {@code reference.conf} whose keys and types were checked: the trial's and the
     * runtime's values and ranges, and the model's memory.
     */
    public static Loaded checked(Config root) {
        Loaded loaded = new Loaded(root);
        checkedTrial(root.getConfig("ffsweep.trial"));
        loaded.runtime();
        return loaded;
    }

    /**
     * The trial part of {@link #checked}: {@code trial}, the {@code ffsweep.trial} subtree of such
     * a configuration, read and checked (values, ranges, memory).
     */
    public static TrialConfig checkedTrial(Config trial) {
        TrialConfig t = TrialConfig.fromConfig(trial);
        MemoryEstimate.check(t, AVAILABLE_BYTES, trial.getValue("model.hidden-sizes").origin());
        return t;
    }

    private static void checkTypes(Config merged, Config reference, String path) {
        try {
            merged.checkValid(reference, path);
        } catch (ConfigException.ValidationFailed e) {
            ConfigException.ValidationProblem p = e.problems().iterator().next();
            String at = p.path().startsWith(ROOT + ".") ? p.path() : ROOT + "." + p.path();
            throw new ConfigException.BadValue(p.origin(), at, p.problem());
        }
    }

    private static Config parseOverride(String o) {
        int eq = o.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException.Generic("--set expects path=value, got '" + o + "'");
        }
        String path = o.substring(0, eq).trim();
        String value = o.substring(eq + 1).trim();
        if (!path.startsWith(ROOT + ".")) {
            path = TRIAL + path;
        }
        ConfigParseOptions opts = ConfigParseOptions.defaults().setOriginDescription("--set " + o);
        try {
            return ConfigFactory.parseString(path + " = " + value, opts);
        } catch (ConfigException.Parse e) {
            // A bare word that HOCON cannot parse as a value: take it as a string.
            return ConfigFactory.parseMap(Map.of(path, value), "--set " + o);
        }
    }

    private static void rejectUnknownKeys(Config user, Config reference) {
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            String path = e.getKey();
            String top = ConfigUtil.splitPath(path).get(0);
            if (!top.equals(ROOT)) {
                // ffsweep reads nothing else from these files: a misspelled root (ffswep.trial) would be lost
                throw new ConfigException.BadPath(e.getValue().origin(), path, "unknown top-level key '" + top
                        + "' (every key of an ffsweep file is under '" + ROOT + "'; check its spelling)");
            }
            if (!reference.hasPathOrNull(path) && !underFreeFormObject(path, reference)) {
                throw new ConfigException.BadPath(e.getValue().origin(), path,
                        "unknown key (not in any reference.conf; check its spelling)");
            }
        }
    }

    /** Objects whose keys are the user's to choose are declared as empty objects in reference.conf. */
    private static boolean underFreeFormObject(String path, Config reference) {
        List<String> parts = ConfigUtil.splitPath(path); // quoted keys may contain dots
        for (int n = parts.size() - 1; n > 0; n--) {
            String parent = ConfigUtil.joinPath(parts.subList(0, n));
            if (reference.hasPath(parent) && reference.getValue(parent) instanceof ConfigObject obj && obj.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
