package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small sweep end to end on local Spark: Parquet results, SQL, failures as rows, resume. */
class SparkSweepIT {
    @TempDir
    Path dir;

    private List<String> args(Path sweep, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--master",
                "local[2]"));
        a.addAll(MnistSample.dataOverrides(dir));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void sweepWritesParquetAnswersSqlRecordsFailuresAndResumes() throws Exception {
        Path sweep = dir.resolve("tiny-sweep.conf");
        // fashion-mnist trials fail: the only source holds the MNIST sample, whose checksums do not match.
        Files.writeString(sweep, """
                ffsweep.trial {
                  model { hidden-sizes = [32], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 3, train-limit = 1000 }
                  metrics { every-steps = 1 }
                }
                ffsweep.sweep {
                  name = tiny
                  grid { "model.activation" = [relu, elu], "dataset" = [mnist-sample, fashion-mnist] }
                }
                """);
        Path out = dir.resolve("out");

        CliHarness.Result first = CliHarness.run(args(sweep, out));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("4 to run"), first.err());
        assertTrue(first.out().contains("(4 rows)"), first.out());
        // no validation split: the closing table says it ranks by test accuracy
        assertTrue(first.out().contains("ranked by test accuracy (no trial has a validation split"), first.out());
        assertTrue(first.out().contains("best trial"), first.out());

        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                // 6 steps do not teach these nets (FFTrainingIT shows learning): every completed trial
                // is scored, with an accuracy in [0, 1]; a failed one has none.
                "SELECT dataset, status, count(*) AS n, count(test_accuracy) AS scored,"
                        + " min(test_accuracy) >= 0 AND max(test_accuracy) <= 1 AS in_range FROM trials"
                        + " GROUP BY dataset, status ORDER BY dataset"));
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("dataset,status,n,scored,in_range", "fashion-mnist,failed,2,0,",
                "mnist-sample,completed,2,2,true"),
                q.out().lines().toList());

        CliHarness.Result rows = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*) FROM epochs e JOIN trials t USING (trial_id) WHERE t.status = 'completed'"));
        assertEquals("12", rows.out().lines().toList().get(1), rows.out()); // 2 trials x 2 chunks x 3 epochs x 1 layer

        CliHarness.Result again = CliHarness.run(args(sweep, out));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("4 finished before, 0 to run"), again.err());

        CliHarness.Result retry = CliHarness.run(args(sweep, out, "--retry-failed"));
        assertTrue(retry.err().contains("2 to run"), retry.err());
        CliHarness.Result count = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*) FROM trials"));
        assertEquals("4", count.out().lines().toList().get(1), "no trial appears twice");
        assertTrue(Files.list(out.resolve("_tmp")).findAny().isEmpty(), "nothing left half-written");
    }
}
