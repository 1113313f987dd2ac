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
 * {@code reference.conf} on the class path, and refuses what it does not know: unknown keys,
 * values of the wrong type, and values out of range, each with the file and line.
 */
public final class ConfigLoader {
    private static final String ROOT = "ffsweep";
    private static final String TRIAL = "ffsweep.trial.";

    private ConfigLoader() {}

    /** A loaded, resolved and checked configuration. */
    public record Loaded(Config root) {
        public TrialConfig trial() {
            return TrialConfig.fromConfig(root.getConfig("ffsweep.trial"));
        }

        public RuntimeConfig runtime() {
            return RuntimeConfig.fromConfig(root.getConfig("ffsweep.runtime"));
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
        Config over = ConfigFactory.empty();
        for (String o : overrides) {
            over = parseOverride(o).withFallback(over);
        }
        Config user = over.withFallback(app);
        Config reference = ConfigFactory.defaultReference();
        rejectUnknownKeys(user, reference);
        Config merged = user.withFallback(reference).resolve();
        try {
            merged.checkValid(reference, ROOT);
        } catch (ConfigException.ValidationFailed e) {
            ConfigException.ValidationProblem p = e.problems().iterator().next();
            String path = p.path().startsWith(ROOT + ".") ? p.path() : ROOT + "." + p.path();
            throw new ConfigException.BadValue(p.origin(), path, p.problem());
        }
        Loaded loaded = new Loaded(merged);
        loaded.trial();
        loaded.runtime();
        return loaded;
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
            if (!path.startsWith(ROOT + ".")) {
                continue; // other libraries' settings (akka, spark ...) are theirs to check
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
