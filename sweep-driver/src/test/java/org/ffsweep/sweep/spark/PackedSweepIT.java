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
 * Sweeps with packed trials ({@code ffsweep.sweep.packing}): trials of one shape train as packs,
 * each keeps its own rows, numbers and resume, and the planner's choice is printed and recorded.
 */
class PackedSweepIT {
    /** Six FF trials of one shape (threshold x margin) and two of another (elu): two packs of 3, one of 2. */
    private static final String SWEEP = """
            ffsweep.trial {
              model { hidden-sizes = [32, 32], activation = relu, dropout = 0.1 }
              ff { threshold = 1, margin = 0 }
              training { batch-size = 250, epochs = 3, train-limit = 1000 }
              metrics { every-steps = 1, eval-every-steps = 6 }
            }
            ffsweep.sweep {
              name = packed
              grid { "ff.threshold" = [1, 2, 4], "ff.margin" = [0, 1] }
              one-at-a-time { "model.activation" = [elu] }
            }
            """;

    @TempDir
    Path dir;

    private CliHarness.Result sweep(Path out, String... sets) throws Exception {
        Path sweep = dir.resolve("packed.conf");
        Files.writeString(sweep, SWEEP);
        List<String> a = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--master",
                "local[2]", "--set", "dataset=mnist-sample", "--set", "ffsweep.runtime.threads=1"));
        a.addAll(MnistSample.dataOverrides(dir));
        for (String s : sets) {
            a.addAll(List.of("--set", s));
        }
        return CliHarness.run(a);
    }

    private static List<String> sql(Path out, String query) throws Exception {
        CliHarness.Result r = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", query));
        assertEquals(0, r.code(), r.err());
        return r.out().lines().toList();
    }

    private static final String EVALS = "SELECT trial_id, step, train_accuracy, test_accuracy FROM evaluations"
            + " ORDER BY trial_id, step";
    private static final String LOSSES = "SELECT trial_id, step, layer, loss FROM epochs ORDER BY trial_id, step, layer";

    @Test
    void packsGiveEachTrialTheNumbersOfItsSoloRun() throws Exception {
        Path solo = dir.resolve("solo");
        Path packed = dir.resolve("packed");
        CliHarness.Result s = sweep(solo, "ffsweep.sweep.packing.max-trials=1", "ffsweep.runtime.concurrent-trials=1");
        assertEquals(0, s.code(), s.err());
        assertTrue(!s.err().contains("packing:"), s.err());
        CliHarness.Result p = sweep(packed, "ffsweep.sweep.packing.max-trials=3",
                "ffsweep.sweep.packing.measure=false", "ffsweep.runtime.concurrent-trials=1");
        assertEquals(0, p.code(), p.err());
        // relu: 6 trials -> 2 packs of 3; the base trial (relu, threshold 1, margin 0) is one of them,
        // elu: one trial alone (a group of one is not a pack)
        assertTrue(p.err().contains("packing: 6 trials shaped like"), p.err());
        assertTrue(p.err().contains("packs of 3 (not measured)"), p.err());
        assertTrue(p.err().contains("in a pack of 3"), p.err());
        assertEquals(List.of("pack_size,trials,packs", "1,1,1", "3,6,2"), sql(packed, "SELECT pack_size,"
                + " count(*) AS trials, count(DISTINCT pack_id) AS packs FROM trials GROUP BY pack_size ORDER BY 1"));
        assertEquals(List.of("n", "0"), sql(packed, "SELECT count(*) AS n FROM trials t WHERE pack_size = 3 AND NOT"
                + " EXISTS (SELECT 1 FROM trials p WHERE p.trial_id = t.pack_id)"), "a pack is named by a trial of it");

        List<String> a = sql(solo, EVALS);
        assertEquals(1 + 7 * 2, a.size()); // 7 trials, evaluations at steps 6 and 12
        assertEquals(a, sql(packed, EVALS), "every accuracy equal");
        List<String> la = sql(solo, LOSSES);
        List<String> lb = sql(packed, LOSSES);
        assertEquals(la.size(), lb.size());
        for (int i = 1; i < la.size(); i++) {
            String[] x = la.get(i).split(",");
            String[] y = lb.get(i).split(",");
            assertEquals(x[0] + x[1] + x[2], y[0] + y[1] + y[2]);
            double u = Double.parseDouble(x[3]);
            double v = Double.parseDouble(y[3]);
            assertEquals(u, v, 1e-4 * Math.abs(u), "loss of row " + la.get(i) + " packed " + lb.get(i));
        }

        CliHarness.Result again = sweep(packed, "ffsweep.sweep.packing.max-trials=3",
                "ffsweep.sweep.packing.measure=false");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("7 finished before, 0 to run"), again.err());
    }

    @Test
    void thePlannerMeasuresAndSaysWhatItChose() throws Exception {
        Path out = dir.resolve("planned");
        CliHarness.Result r = sweep(out, "ffsweep.sweep.packing.max-trials=4", "ffsweep.sweep.packing.probe-steps=2",
                "ffsweep.runtime.concurrent-trials=1");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("packing: 6 trials shaped like \\w+: packs of (\\d+); measured 1: [0-9.]+"
                + " trial-steps/s").matcher(r.err());
        assertTrue(m.find(), r.err());
        int k = Integer.parseInt(m.group(1));
        assertTrue(k >= 1 && k <= 4, r.err());
        assertEquals(List.of("n", "7"), sql(out, "SELECT count(*) AS n FROM trials WHERE status = 'completed'"));
        assertEquals(List.of("biggest", String.valueOf(k)), sql(out, "SELECT max(pack_size) AS biggest FROM trials"
                + " WHERE model_kind = 'ff' AND activation = 'relu'"));
    }

    /**
     * With {@code ffsweep.sweep.measurement-cache} set, a second sweep of the same shapes on this
     * machine takes each choice (trials at once, pack size) that the first one kept, says so, and
     * records the same threads, trials at once and pack sizes; a corrupt file is measured again.
     * (A measurement whose repeats disagree, as on a busy machine, is used but not kept: then the
     * second sweep measures again.)
     */
    @Test
    void aSecondSweepTakesTheKeptMeasurements() throws Exception {
        Path cache = dir.resolve("measurements");
        String[] sets = {"ffsweep.sweep.measurement-cache=" + cache, "ffsweep.runtime.concurrent-trials=auto",
            "ffsweep.sweep.packing.max-trials=4", "ffsweep.sweep.packing.probe-steps=2"};
        CliHarness.Result first = sweep(dir.resolve("first"), sets);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("concurrent trials: measuring trial"), first.err());
        assertTrue(!first.err().contains("kept from"), first.err());
        String kept = "";
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) {
                    kept += Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                }
            }
        }
        CliHarness.Result second = sweep(dir.resolve("second"), sets);
        assertEquals(0, second.code(), second.err());
        if (kept.contains("key=concurrency-probe/")) {
            assertTrue(!second.err().contains("concurrent trials: measuring trial"), second.err());
            Matcher c = Pattern.compile("concurrent trials: \\d+ at once \\(1 libtorch threads each\\); measured 1:"
                    + " [0-9.]+ steps/s.* \\(kept from [0-9T:.-]+Z\\)").matcher(second.err());
            assertTrue(c.find(), second.err());
        } else {
            assertTrue(second.err().contains("concurrent trials: measuring trial"), second.err());
        }
        if (kept.contains("key=pack-planner/") && kept.contains("key=concurrency-probe/")) {
            assertTrue(second.err().matches("(?s).*packing: 6 trials shaped like \\w+: packs of \\d+; measured 1:"
                    + " [0-9.]+ trial-steps/s.*\\(kept from [^)]+\\).*"), second.err());
            String decisions = "SELECT threads, concurrent_trials, pack_size, count(*) AS n FROM trials"
                    + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
            assertEquals(sql(dir.resolve("first"), decisions), sql(dir.resolve("second"), decisions));
        }
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) {
                    Files.writeString(f, "garbage\u0000");
                }
            }
        }
        CliHarness.Result third = sweep(dir.resolve("third"), sets);
        assertEquals(0, third.code(), third.err());
        assertTrue(third.err().contains("concurrent trials: measuring trial"), third.err());
        assertTrue(!third.err().contains("kept from"), third.err());
    }
}
