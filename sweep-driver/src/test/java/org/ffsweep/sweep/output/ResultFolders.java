package org.ffsweep.sweep.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.ResultTable;
import org.ffsweep.core.run.ResultTables;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.spark.TaskOutcome;

/** Results folders made in tests without training or Spark: real Parquet files of made-up trials. */
public final class ResultFolders {
    private ResultFolders() {}

    /** A completed trial with threshold {@code threshold}, two steps and one evaluation. */
    public static TaskOutcome completed(Path scratch, double threshold) throws IOException {
        TrialConfig c = config(scratch, "ff.threshold=" + threshold, "model.activation=relu");
        TrialResult r = new TrialResult(c, c.configHash(), "fp", TrialStatus.COMPLETED, null, 0.9, 0.8 + threshold / 100,
                false, 2, Map.of(Phase.DATA, 0.5, Phase.SETUP, 0.1, Phase.TRAIN, 2.0, Phase.EVAL, 0.3), "cpu()",
                Map.of("djl", "0.36.0"), List.of(new StepMetrics(1, 1, 1, 1, 0.4, 1.1, 0.9),
                        new StepMetrics(2, 2, 1, 1, 0.3, 1.2, 0.8)),
                List.of(new EvalMetrics(2, 2, 1, 0.9, 0.8, 10, false, 0.3)));
        return outcome(c, r, null, null, threshold);
    }

    /** A trial that threw, with an error message holding a comma, a double quote and a line break. */
    public static TaskOutcome failed(Path scratch) throws IOException {
        TrialConfig c = config(scratch, "ff.threshold=7", "model.activation=elu");
        return outcome(c, null, "java.lang.IllegalStateException", "bad, \"very\" bad\nsecond line", 7);
    }

    private static TaskOutcome outcome(TrialConfig c, TrialResult r, String errorClass, String message,
            double threshold) {
        Map<String, String> axes = new TreeMap<>(Map.of("ff.threshold", Double.toString(threshold),
                "model.activation", "\"" + c.model().activation().key() + "\""));
        return new TaskOutcome(new TrialSpec(c.configHash(), c, new TreeMap<>(axes)), r, errorClass, message,
                new TaskOutcome.Placement("host-a", "driver", null, 0), 1_700_000_000_000L, 1_700_000_003_000L, 3.0);
    }

    private static TrialConfig config(Path scratch, String... overrides) throws IOException {
        Path conf = scratch.resolve("empty.conf");
        if (!Files.exists(conf)) {
            Files.createDirectories(scratch);
            Files.writeString(conf, "");
        }
        return ConfigLoader.load(conf, List.of(overrides)).trial();
    }

    /** A completed trial with a validation set: validation accuracy {@code validation}. */
    public static TaskOutcome completedWithValidation(Path scratch, double threshold, double validation)
            throws IOException {
        TrialConfig c = config(scratch, "ff.threshold=" + threshold, "model.activation=relu",
                "data.validation-size=100");
        TrialResult r = new TrialResult(c, c.configHash(), "fp", TrialStatus.COMPLETED, null, 0.9, 0.8, false, 2,
                Map.of(Phase.DATA, 0.5, Phase.SETUP, 0.1, Phase.TRAIN, 2.0, Phase.EVAL, 0.3), "cpu()",
                Map.of("djl", "0.36.0"), List.of(new StepMetrics(2, 2, 1, 1, 0.3, 1.2, 0.8)),
                List.of(new EvalMetrics(2, 2, 1, 0.9, 0.8, validation, 10, false, 0.3)));
        return outcome(c, r, null, null, threshold);
    }

    /**
     * Rewrites the {@code trials} and {@code evaluations} files of {@code o} (written to {@code out})
     * as folders written before {@code validation_accuracy} and {@code validation_size} existed hold them.
     */
    public static void asBeforeValidation(Path out, TaskOutcome o) throws IOException {
        String sweep = "test";
        rewrite(out, ResultTables.TRIALS, List.of(ResultRows.trial(sweep, o)), o.spec().trialId());
        rewrite(out, ResultTables.EVALUATIONS, ResultRows.evaluations(o), o.spec().trialId());
    }

    private static <T> void rewrite(Path out, ResultTable<T> table, List<? extends T> rows, String id)
            throws IOException {
        ResultTable<T> old = new ResultTable<>(table.name(), table.columns().stream()
                .filter(c -> !c.name().startsWith("validation_")).toList());
        Path folder = out.resolve(table.name()).resolve("trial_id=" + id);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("_STATUS")) {
                    Files.delete(f);
                }
            }
        }
        ParquetTable.write(new org.apache.hadoop.fs.Path(folder.resolve("part-00000-old.parquet").toUri()), old,
                rows, new Configuration());
    }

    /** A results folder at {@code out} with the given trials (a sweep named {@code test}). */
    public static void write(Path out, TaskOutcome... trials) throws IOException {
        try (ResultStore s = ResultStore.openForSweep(out.toString(), new Configuration(), "test", line -> { })) {
            for (TaskOutcome o : trials) {
                s.write("test", o);
            }
        }
    }
}
