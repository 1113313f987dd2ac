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

    /** A results folder at {@code out} with the given trials (a sweep named {@code test}). */
    public static void write(Path out, TaskOutcome... trials) throws IOException {
        try (ResultStore s = ResultStore.openForSweep(out.toString(), new Configuration(), "test", line -> { })) {
            for (TaskOutcome o : trials) {
                s.write("test", o);
            }
        }
    }
}
