package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;

/**
 * Expands a sweep file into its trials (driver only; pure: no I/O but reading the file).
 *
 * <p>The file's {@code ffsweep.trial} is the base trial and its {@code ffsweep.sweep} the axes
 * (documented in sweep-driver's {@code reference.conf}). Each trial is the file with
 * {@code ffsweep.trial.<path>} set to the axis value taken from the file (so errors name the
 * file and line of that value), loaded by {@link ConfigLoader} exactly as {@code ffsweep train}
 * loads a file, with the same {@code --set} overrides on top. Any invalid trial refuses the whole
 * sweep. Trials matching an exclude rule are dropped, then trials whose id was seen before.
 */
public final class GridExpander {
    private static final String TRIAL = "ffsweep.trial.";
    private static final String GRID = "ffsweep.sweep.grid";
    private static final String ONE_AT_A_TIME = "ffsweep.sweep.one-at-a-time";

    private GridExpander() {}

    /**
     * Expands and validates {@code sweepFile} with {@code overrides} ({@code path=value}, as for
     * {@code train}; they may not set an axis path).
     *
     * @throws ConfigException when the file or any trial is invalid, with file and line
     */
    public static SweepPlan expand(Path sweepFile, List<String> overrides) {
        if (!Files.isRegularFile(sweepFile)) {
            throw new ConfigException.IO(ConfigFactory.empty(sweepFile.toString()).origin(),
                    "sweep file not found: " + sweepFile);
        }
        Config app = ConfigFactory.parseFile(sweepFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        SweepDefinition sweep = SweepReader.read(loadSweep(app, overrides), sweepFile);
        rejectOverriddenAxes(sweep, overrides);
        Config trialApp = app.withoutPath("ffsweep.sweep");

        Map<String, TrialSpec> trials = new LinkedHashMap<>();
        int duplicates = 0;
        int excluded = 0;
        for (SortedMap<String, ConfigValue> point : sweep.points()) {
            Config pointApp = trialApp;
            for (Map.Entry<String, ConfigValue> e : point.entrySet()) {
                pointApp = pointApp.withValue(TRIAL + e.getKey(), e.getValue());
            }
            long baseSeed = 0;
            for (int k = 0; k < sweep.repeats(); k++) {
                Config repeatApp = k == 0 ? pointApp : pointApp.withValue(TRIAL + "seed",
                        ConfigValueFactory.fromAnyRef(baseSeed + k).withOrigin(sweep.origin()));
                Config root = load(repeatApp, overrides, point);
                TrialConfig trial = TrialConfig.fromConfig(root.getConfig("ffsweep.trial"));
                if (k == 0) {
                    baseSeed = trial.seed();
                }
                if (sweep.exclude().stream().anyMatch(r -> r.matches(root.getConfig("ffsweep.trial")))) {
                    excluded++;
                    continue;
                }
                SortedMap<String, String> axisValues = new TreeMap<>();
                point.forEach((p, v) -> axisValues.put(p, ConfigValues.render(v)));
                if (sweep.repeats() > 1) {
                    axisValues.put("seed", Long.toString(trial.seed()));
                }
                String id = trial.configHash();
                if (trials.putIfAbsent(id, new TrialSpec(id, trial, axisValues)) != null) {
                    duplicates++;
                }
            }
        }
        return new SweepPlan(sweep.name(), sweepFile, List.copyOf(trials.values()), duplicates, excluded);
    }

    /**
     * The sweep file loaded and checked as {@code ffsweep train} loads a file. The free-form
     * objects {@code grid} and {@code one-at-a-time} bypass the loader: its unknown-key check
     * splits paths at every dot, also inside quoted keys such as {@code "ff.threshold"}.
     * {@link SweepReader} checks their keys, and the keys of {@code ffsweep.sweep}, instead.
     */
    private static Config loadSweep(Config app, List<String> overrides) {
        SweepReader.rejectUnknownKeys(app);
        Config freeForm = app.withOnlyPath(GRID).withFallback(app.withOnlyPath(ONE_AT_A_TIME));
        Config checked = ConfigLoader.load(app.withoutPath(GRID).withoutPath(ONE_AT_A_TIME), overrides).root();
        return freeForm.withFallback(checked).resolve();
    }

    private static Config load(Config app, List<String> overrides, SortedMap<String, ConfigValue> point) {
        try {
            return ConfigLoader.load(app, overrides).root();
        } catch (ConfigException e) {
            String at = point.isEmpty() ? "the base trial" : point.entrySet().stream()
                    .map(x -> x.getKey() + "=" + ConfigValues.render(x.getValue()))
                    .collect(Collectors.joining(", ", "the trial with ", ""));
            throw new ConfigException.Generic(e.getMessage() + " (in " + at + "; the sweep is refused)", e);
        }
    }

    /** A {@code --set} of an axis path would silently flatten the axis; refuse it. */
    private static void rejectOverriddenAxes(SweepDefinition sweep, List<String> overrides) {
        Map<String, ConfigOrigin> axes = new TreeMap<>(sweep.axisOrigins());
        if (sweep.repeats() > 1) {
            axes.putIfAbsent("seed", sweep.origin());
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String path = eq > 0 ? o.substring(0, eq).trim() : o;
            if (path.startsWith(TRIAL)) {
                path = path.substring(TRIAL.length());
            } else if (path.startsWith("ffsweep.")) {
                continue;
            }
            for (Map.Entry<String, ConfigOrigin> a : axes.entrySet()) {
                String axis = a.getKey();
                if (axis.equals(path) || axis.startsWith(path + ".") || path.startsWith(axis + ".")) {
                    throw new ConfigException.BadPath(a.getValue(), TRIAL + axis,
                            "is an axis of the sweep (or, for seed, set by repeats) and may not be set by --set " + o
                                    + "; change the sweep file instead");
                }
            }
        }
    }
}
