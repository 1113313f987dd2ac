package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * loads a file, with the same {@code --set} overrides on top (in effect: see {@code Expansion}
 * for how it is done fast). Any invalid trial refuses the whole sweep. Trials matching an exclude
 * rule are dropped, then trials whose id was seen before. Points are made one at a time from
 * their index: {@link #expand} keeps the trials it returns, {@link #preview} (the dry run) keeps
 * the id and ordinal of each trial (some 60 bytes) and re-makes the few it shows.
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
        Expansion x = prepare(sweepFile, overrides);
        List<TrialSpec> trials = new ArrayList<>();
        Counts c = x.run((ordinal, id, trial, point) -> trials.add(x.spec(id, trial, point)));
        return new SweepPlan(x.sweep.name(), sweepFile, trials, c.duplicates(), c.excluded());
    }

    /**
     * What {@code --dry-run} shows: the counts of {@link #expand} and up to {@code sampleSize}
     * trials spread evenly over the sweep, first and last included. Every trial is validated as
     * {@link #expand} validates it, but none is kept: memory grows by a few bytes per trial.
     */
    public static Preview preview(Path sweepFile, List<String> overrides, int sampleSize) {
        Expansion x = prepare(sweepFile, overrides);
        long[] ordinals = new long[16];
        int[] n = {0};
        long[][] kept = {ordinals};
        Counts c = x.run((ordinal, id, trial, point) -> {
            if (n[0] == kept[0].length) {
                kept[0] = Arrays.copyOf(kept[0], kept[0].length * 2);
            }
            kept[0][n[0]++] = ordinal;
        });
        SortedMap<Integer, TrialSpec> sample = new TreeMap<>();
        for (int i : sampleIndices(n[0], sampleSize)) {
            sample.put(i, x.trial(kept[0][i]));
        }
        return new Preview(x.sweep.name(), n[0], c.duplicates(), c.excluded(), sample);
    }

    /** Up to {@code size} indices spread evenly over {@code n} trials, the first and last included. */
    public static int[] sampleIndices(int n, int size) {
        int k = Math.min(n, size);
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
            idx[j] = k == 1 ? 0 : (int) ((long) j * (n - 1) / (k - 1));
        }
        return idx;
    }

    /**
     * A dry run's view of a sweep.
     *
     * @param sample trials by their index in the sweep (0-based)
     */
    public record Preview(String name, int trials, int duplicatesDropped, int excluded,
            SortedMap<Integer, TrialSpec> sample) {}

    private record Counts(int duplicates, int excluded) {}

    /** Receives each kept trial: its ordinal ({@code point * repeats + repeat}), id, configuration and point. */
    private interface Sink {
        void accept(long ordinal, String id, TrialConfig trial, SortedMap<String, ConfigValue> point);
    }

    private static Expansion prepare(Path sweepFile, List<String> overrides) {
        if (!Files.isRegularFile(sweepFile)) {
            throw new ConfigException.IO(ConfigFactory.empty(sweepFile.toString()).origin(),
                    "sweep file not found: " + sweepFile);
        }
        Config app = ConfigFactory.parseFile(sweepFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        SweepDefinition sweep = SweepReader.read(loadSweep(app, overrides), sweepFile);
        rejectOverriddenAxes(sweep, overrides);
        return new Expansion(sweep, app.withoutPath("ffsweep.sweep"), overrides);
    }

    /**
     * A sweep ready to make its trials one at a time. When the trial part of the file and the
     * overrides have no substitutions, the base is loaded and checked once and each trial is the
     * base with its axis values put in (each distinct value checked once for unknown keys and
     * type), then checked as a trial; that is what loading each trial's file would give, only
     * faster. Otherwise (a substitution may refer to an axis) each trial is loaded in full.
     */
    private static final class Expansion {
        private final SweepDefinition sweep;
        private final Config trialApp;
        private final List<String> overrides;
        /** The base trial ({@code ffsweep.trial}, merged and checked for keys and types), or null. */
        private final Config base;
        private final Config reference = ConfigFactory.defaultReference();
        private final Set<String> checkedValues = new HashSet<>();

        Expansion(SweepDefinition sweep, Config trialApp, List<String> overrides) {
            this.sweep = sweep;
            this.trialApp = trialApp;
            this.overrides = overrides;
            boolean plain = trialApp.isResolved() && overrides.stream().noneMatch(o -> o.contains("${"));
            this.base = plain ? ConfigLoader.merged(trialApp, overrides).getConfig("ffsweep.trial") : null;
        }

        Counts run(Sink sink) {
            long points = sweep.pointCount();
            Set<Long> ids = new HashSet<>();
            int duplicates = 0;
            int excluded = 0;
            for (long i = 0; i < points; i++) {
                SortedMap<String, ConfigValue> point = sweep.point(i);
                long baseSeed = 0;
                for (int k = 0; k < sweep.repeats(); k++) {
                    Made made = make(point, k, baseSeed);
                    TrialConfig trial = made.trial();
                    Config trialConfig = made.config();
                    if (k == 0) {
                        baseSeed = trial.seed();
                    }
                    if (sweep.exclude().stream().anyMatch(r -> r.matches(trialConfig))) {
                        excluded++;
                        continue;
                    }
                    String id = trial.configHash();
                    if (!ids.add(Long.parseUnsignedLong(id, 16))) {
                        duplicates++;
                        continue;
                    }
                    sink.accept(i * sweep.repeats() + k, id, trial, point);
                }
            }
            return new Counts(duplicates, excluded);
        }

        /** The trial of {@code ordinal}, made again (for a dry run's sample). */
        TrialSpec trial(long ordinal) {
            SortedMap<String, ConfigValue> point = sweep.point(ordinal / sweep.repeats());
            int k = (int) (ordinal % sweep.repeats());
            long baseSeed = make(point, 0, 0).trial().seed();
            TrialConfig trial = make(point, k, baseSeed).trial();
            return spec(trial.configHash(), trial, point);
        }

        TrialSpec spec(String id, TrialConfig trial, SortedMap<String, ConfigValue> point) {
            SortedMap<String, String> axisValues = new TreeMap<>();
            point.forEach((p, v) -> axisValues.put(p, ConfigValues.render(v)));
            if (sweep.repeats() > 1) {
                axisValues.put("seed", Long.toString(trial.seed()));
            }
            return new TrialSpec(id, trial, axisValues);
        }

        /** A trial made: its configuration ({@code ffsweep.trial}), and the trial read from it. */
        private record Made(Config config, TrialConfig trial) {}

        /** The loaded, checked trial of repeat {@code k} of {@code point}. */
        private Made make(SortedMap<String, ConfigValue> point, int k, long baseSeed) {
            Map<String, ConfigValue> values = new TreeMap<>();
            point.forEach((path, v) -> values.put(TRIAL + path, v));
            if (k > 0) {
                values.put(TRIAL + "seed", ConfigValueFactory.fromAnyRef(baseSeed + k).withOrigin(sweep.origin()));
            }
            if (base == null) {
                Config app = trialApp;
                for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
                    app = app.withValue(e.getKey(), e.getValue());
                }
                Config trial = load(app, overrides, point).getConfig("ffsweep.trial");
                return new Made(trial, TrialConfig.fromConfig(trial));
            }
            Config trial = base;
            for (Map.Entry<String, ConfigValue> e : values.entrySet()) {
                ConfigValue v = e.getValue();
                if (checkedValues.add(e.getKey() + "\u0000" + v.render(ConfigRenderOptions.concise()))) {
                    ConfigLoader.checkValue(e.getKey(), v);
                }
                if (v instanceof ConfigObject o && reference.hasPath(e.getKey())) {
                    v = o.withFallback(reference.getValue(e.getKey())); // as a file's object meets reference.conf
                }
                trial = trial.withValue(e.getKey().substring(TRIAL.length()), v);
            }
            try {
                return new Made(trial, ConfigLoader.checkedTrial(trial));
            } catch (ConfigException e) {
                throw refused(e, point);
            }
        }
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
            throw refused(e, point);
        }
    }

    private static ConfigException refused(ConfigException e, SortedMap<String, ConfigValue> point) {
        String at = point.isEmpty() ? "the base trial" : point.entrySet().stream()
                .map(x -> x.getKey() + "=" + ConfigValues.render(x.getValue()))
                .collect(Collectors.joining(", ", "the trial with ", ""));
        return new ConfigException.Generic(e.getMessage() + " (in " + at + "; the sweep is refused)", e);
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
