package org.ffsweep.sweep.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.spark.TaskOutcome;

/**
 * Results folders for report tests, written by the project's own writer ({@link ResultStore}) from
 * made-up trials: a threshold x margin grid of 2-layer trials where high thresholds collapse
 * (every test image one label, the plateau at the threshold), one trial diverges and one fails.
 */
final class SyntheticResults {
    static final double[] THRESHOLDS = {0.5, 1, 2, 4, 8, 16};
    static final double[] MARGINS = {0, 0.5, 1, 2, 3, 4, 5};

    private SyntheticResults() {}

    /** The 42-trial grid (6 thresholds x 7 margins), {@code steps} steps each, at {@code out}. */
    static List<TaskOutcome> grid(Path scratch, Path out, int steps) throws IOException {
        List<TaskOutcome> all = new ArrayList<>();
        int i = 0;
        for (double t : THRESHOLDS) {
            for (double m : MARGINS) {
                all.add(trial(scratch, t, m, steps, i++));
            }
        }
        write(out, all);
        return all;
    }

    static void write(Path out, List<TaskOutcome> trials) {
        try (ResultStore s = ResultStore.openForSweep(out.toString(), new Configuration(), "test", line -> { })) {
            trials.forEach(o -> s.write("synthetic", o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TaskOutcome trial(Path scratch, double threshold, double margin, int steps, int index) throws IOException {
        return trial(scratch, threshold, margin, steps, index, Map.of("ff.threshold", Double.toString(threshold),
                "ff.margin", Double.toString(margin)));
    }

    /** The same made-up trial with the given {@code axis_values} (a one-at-a-time sweep names one axis or none). */
    static TaskOutcome trial(Path scratch, double threshold, double margin, int steps, int index,
            Map<String, String> axisValues) throws IOException {
        TrialConfig c = config(scratch, "ff.threshold=" + threshold, "ff.margin=" + margin,
                "model.hidden-sizes=[64,64]");
        TreeMap<String, String> axes = new TreeMap<>(axisValues);
        TaskOutcome.Placement where = new TaskOutcome.Placement("host-a", "driver", null, 0);
        long start = 1_700_000_000_000L + index * 10_000L;
        if (threshold == 16 && margin == 5) {
            return new TaskOutcome(new TrialSpec(c.configHash(), c, axes), null, "java.lang.OutOfMemoryError",
                    "made up: native allocation of 4 GiB failed", where, start, start + 1_000, 1.0);
        }
        boolean collapsed = threshold >= 8;
        boolean diverged = threshold == 0.5 && margin == 5;
        double finalAcc = collapsed ? 0.1135 : 0.97 - 0.02 * Math.log(threshold + 1) - 0.004 * margin;
        List<StepMetrics> sm = new ArrayList<>();
        List<EvalMetrics> em = new ArrayList<>();
        int last = diverged ? steps / 2 : steps;
        for (int s = 1; s <= last; s++) {
            double p = (double) s / steps;
            for (int layer = 1; layer <= 2; layer++) {
                double split = collapsed ? 0.05 * p * (3 - layer) : Math.min(1, p * (4 - layer)) * threshold;
                sm.add(new StepMetrics(s, s, 1, layer, 0.313 * (1 - (collapsed ? 0.05 : 0.8) * p) + 0.01 * layer,
                        threshold + split, Math.max(0, threshold - split)));
            }
            if (s % Math.max(1, steps / 10) == 0 || s == last) {
                double acc = collapsed ? 0.1135 : 0.1135 + (finalAcc - 0.1135) * Math.sqrt(p);
                em.add(new EvalMetrics(s, s, 1, acc + 0.01, acc, collapsed ? 1 : 10, collapsed, 0.2));
            }
        }
        TrialStatus status = diverged ? TrialStatus.DIVERGED : TrialStatus.COMPLETED;
        double test = em.get(em.size() - 1).testAccuracy();
        TrialResult r = new TrialResult(c, c.configHash(), "fp", status, diverged ? "loss became NaN at step " + last
                : null, test + 0.01, test, collapsed, last, Map.of(Phase.DATA, index == 0 ? 3.0 : 0.01, Phase.SETUP,
                0.2, Phase.TRAIN, 20.0 + threshold, Phase.EVAL, 2.0), "cpu()", Map.of("djl", "0.36.0"), sm, em);
        return new TaskOutcome(new TrialSpec(c.configHash(), c, axes), r, null, null, where, start, start + 25_000,
                25.0 + threshold);
    }

    private static TrialConfig config(Path scratch, String... overrides) throws IOException {
        Path conf = scratch.resolve("empty.conf");
        if (!Files.exists(conf)) {
            Files.createDirectories(scratch);
            Files.writeString(conf, "");
        }
        return ConfigLoader.load(conf, List.of(overrides)).trial();
    }
}
