package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode trains several trials at once in its JVM ({@code runtime.concurrent-trials}): the
 * rows are those of one at a time, each trial records its threads and trials at once, and
 * {@code auto} says what it measured and chose.
 */
class LocalConcurrencyIT {
    private static final String SWEEP = """
            ffsweep.trial {
              model { hidden-sizes = [32, 32], activation = relu, dropout = 0.1 }
              ff { threshold = 1, margin = 0 }
              training { batch-size = 250, epochs = 4, train-limit = 1000 }
              metrics { every-steps = 1, eval-every-steps = 8 }
            }
            ffsweep.sweep {
              name = conc
              grid { "model.activation" = [relu, elu], "ff.threshold" = [1, 2] }
            }
            """;

    @TempDir
    Path dir;

    /** The sweep with {@code ffsweep.runtime.concurrent-trials = concurrent} and optional overrides. */
    private CliHarness.Result sweep(Path out, String concurrent, String... more) throws Exception {
        Path sweep = dir.resolve("conc.conf");
        Files.writeString(sweep, SWEEP);
        List<String> a = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--master",
                "local[2]", "--set", "dataset=mnist-sample", "--set", "ffsweep.runtime.concurrent-trials=" + concurrent,
                "--set", "ffsweep.sweep.packing.max-trials=1")); // trials alone: PackedSweepIT tests packs
        a.addAll(MnistSample.dataOverrides(dir));
        for (String m : more) {
            a.addAll(List.of("--set", m));
        }
        CliHarness.Result r = CliHarness.run(a);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static List<String> sql(Path out, String query) throws Exception {
        CliHarness.Result r = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", query));
        assertEquals(0, r.code(), r.err());
        return r.out().lines().toList();
    }

    private static final String STEPS = "SELECT trial_id, step, layer, loss, goodness_pos, goodness_neg FROM epochs"
            + " ORDER BY trial_id, step, layer";
    private static final String EVALS = "SELECT trial_id, step, train_accuracy, test_accuracy FROM evaluations"
            + " ORDER BY trial_id, step";

    /**
     * With the same libtorch threads per trial (1: a different count sums in another order),
     * trials trained two at a time give the rows of one at a time: every accuracy equal, losses
     * and goodness within 1e-6 relative. Not bit for bit: libtorch's vectorised kernels may round
     * the last bit differently for arrays that land at other addresses, and trials that share a
     * JVM's allocator get other addresses (seen: goodness 0.39937761 against 0.39937764).
     */
    @Test
    void twoAtOnceGiveTheRowsOfOneAtATimeAndSaySo() throws Exception {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        CliHarness.Result r1 = sweep(one, "1", "ffsweep.runtime.threads=1");
        CliHarness.Result r2 = sweep(two, "2", "ffsweep.runtime.threads=1");
        assertTrue(r1.err().contains("concurrent trials: 1 at once (1 libtorch threads each)"), r1.err());
        assertTrue(r2.err().contains("concurrent trials: 2 at once (1 libtorch threads each)"), r2.err());

        List<String> steps = sql(one, STEPS);
        assertEquals(1 + 4 * 16 * 2, steps.size()); // 4 trials x (4 chunks x 4 epochs) x 2 layers
        assertSameRows(steps, sql(two, STEPS), 1e-6);
        assertSameRows(sql(one, EVALS), sql(two, EVALS), 0);
        assertEquals(List.of("threads,concurrent_trials,n", "1,1,4"),
                sql(one, "SELECT threads, concurrent_trials, count(*) AS n FROM trials GROUP BY 1, 2"));
        assertEquals(List.of("threads,concurrent_trials,n", "1,2,4"),
                sql(two, "SELECT threads, concurrent_trials, count(*) AS n FROM trials GROUP BY 1, 2"));
    }

    /**
     * Equal lists of CSV rows, numbers with a decimal point within {@code relative}; a failure
     * names the first row that differs (not the whole lists).
     */
    private static void assertSameRows(List<String> expected, List<String> actual, double relative) {
        assertEquals(expected.size(), actual.size(), "rows");
        for (int i = 0; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",", -1);
            String[] a = actual.get(i).split(",", -1);
            assertEquals(e.length, a.length, "row " + i);
            for (int j = 0; j < e.length; j++) {
                if (relative > 0 && e[j].matches("-?[0-9.]+(E-?[0-9]+)?") && e[j].contains(".")) {
                    double x = Double.parseDouble(e[j]);
                    assertEquals(x, Double.parseDouble(a[j]), relative * Math.abs(x),
                            "row " + i + ": " + expected.get(i) + " against " + actual.get(i));
                } else {
                    assertEquals(e[j], a[j], "row " + i + ": " + expected.get(i) + " against " + actual.get(i));
                }
            }
        }
    }

    @Test
    void eachTrialGetsItsShareOfTheCores() throws Exception {
        Path out = dir.resolve("share");
        CliHarness.Result r = sweep(out, "2", "training.epochs=1");
        int each = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        assertTrue(r.err().contains("concurrent trials: 2 at once (" + each + " libtorch threads each)"), r.err());
        assertEquals(List.of("threads,concurrent_trials,n", each + ",2,4"),
                sql(out, "SELECT threads, concurrent_trials, count(*) AS n FROM trials GROUP BY 1, 2"));
    }

    @Test
    void autoMeasuresThenRecordsItsChoice() throws Exception {
        Path out = dir.resolve("auto");
        CliHarness.Result r = sweep(out, "auto");
        Matcher m = Pattern.compile("concurrent trials: (\\d+) at once \\((\\d+) libtorch threads each\\); measured"
                + " 1: [0-9.]+ steps/s").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals(List.of("threads,concurrent_trials,n", m.group(2) + "," + m.group(1) + ",4"),
                sql(out, "SELECT threads, concurrent_trials, count(*) AS n FROM trials GROUP BY 1, 2"));
    }
}
