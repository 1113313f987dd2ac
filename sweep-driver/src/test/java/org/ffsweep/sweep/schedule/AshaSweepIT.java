package org.ffsweep.sweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.ffsweep.sweep.grid.GridExpander;
import org.ffsweep.sweep.grid.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small ASHA sweep on the fixture: its decisions are RungDecisions' on the reports, stopped
 * trials have status stopped at their rung, the sweep takes fewer trial-steps than the full grid;
 * killed with SIGKILL and run again, it decides as the uninterrupted run, every trial once. With
 * packing on, the segments of a rung train as packs (the survivors of a rung packed again at the
 * next) and the decisions and trial rows equal those of the same sweep with packing off.
 */
class AshaSweepIT {
    /** 8 trials of 4 chunks x 10 steps = 40 steps; rungs at 10 and 20 (eta 2); evaluations every 5 steps. */
    static final String SWEEP = """
            ffsweep.trial {
              model { hidden-sizes = [32], activation = relu, dropout = 0 }
              ff { threshold = 1, margin = 0 }
              data.validation-size = 500
              training { batch-size = 500, epochs = 10, train-limit = 2000 }
              metrics { every-steps = 5, eval-every-steps = 5 }
            }
            ffsweep.sweep {
              name = asha
              grid { "ff.threshold" = [0.5, 1, 2, 3, 4, 6, 8, 12] }
              scheduler { kind = asha, min-steps = 10, reduction-factor = 2 }
            }
            """;
    static final int TRIALS = 8;
    static final int STEPS = 40;
    /** Packing off: every segment alone. */
    static final String[] UNPACKED = {"--set", "ffsweep.sweep.packing.max-trials=1"};
    /** Packs of up to 4 (not measured), one job at a time: rung 0 trains as two packs of 4. */
    static final String[] PACKED = {"--set", "ffsweep.sweep.packing.max-trials=4", "--set",
            "ffsweep.sweep.packing.measure=false", "--set", "ffsweep.runtime.concurrent-trials=1"};
    /**
     * Every decision (all columns but decided_at) and every trial row (status, steps, accuracies),
     * in one query (each query starts Spark).
     */
    static final String DECISIONS_AND_TRIALS = "SELECT * FROM (SELECT 'decision' AS kind, trial_id,"
            + " CAST(rung AS STRING) AS a, CAST(step AS STRING) AS b, metric AS c, CAST(value AS STRING) AS d,"
            + " CAST(tie_break AS STRING) AS e, decision AS f FROM decisions UNION ALL SELECT 'trial', trial_id,"
            + " status, CAST(steps AS STRING), CAST(validation_accuracy AS STRING), CAST(test_accuracy AS STRING),"
            + " '', '' FROM trials) ORDER BY kind, trial_id, a";

    @TempDir
    Path dir;

    @Test
    void decisionsFollowTheReportsAndPruneTheGrid() throws Exception {
        Path sweep = dir.resolve("asha.conf");
        Files.writeString(sweep, SWEEP);
        Path out = dir.resolve("out");
        List<String> overrides = MnistSample.cliOverrides(dir);

        CliHarness.Result dry = CliHarness.run(args(sweep, out, overrides, "--dry-run"));
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("8 trial(s) of 40 steps: rungs at steps 10, 20"), dry.out());
        assertTrue(dry.out().contains("trial-steps: the full grid 320; with the scheduler at most"), dry.out());

        CliHarness.Result r = CliHarness.run(args(sweep, out, overrides, UNPACKED));
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("pack of"), r.err());
        assertTrue(r.err().contains("rung 0 (step 10): trial "), r.err());

        List<String> sets = new ArrayList<>();
        for (int i = 1; i < overrides.size(); i += 2) {
            sets.add(overrides.get(i));
        }
        List<String> order = GridExpander.expand(sweep, sets).trials().stream().map(TrialSpec::trialId).toList();
        Map<String, String[]> trials = rows(out, "SELECT trial_id, status, steps FROM trials");
        assertEquals(TRIALS, trials.size());
        List<String[]> decisions = list(out, "SELECT trial_id, rung, step, metric, value, decision, tie_break"
                + " FROM decisions ORDER BY rung, trial_id");
        assertFalse(decisions.isEmpty());
        // every (trial, rung) once
        assertEquals(decisions.size(), decisions.stream().map(d -> d[0] + "/" + d[1]).distinct().count());
        Map<String, String[]> plateau = rows(out, "SELECT concat(trial_id, '/', step), CAST(collapsed AS STRING),"
                + " CAST(validation_accuracy AS STRING) FROM evaluations");

        long sumSteps = 0;
        for (String[] t : trials.values()) {
            sumSteps += Long.parseLong(t[2]);
        }
        assertTrue(sumSteps < (long) TRIALS * STEPS, "trial-steps " + sumSteps);

        for (int k = 0; k < 2; k++) {
            int rung = k;
            List<String[]> at = decisions.stream().filter(d -> Integer.parseInt(d[1]) == rung).toList();
            long step = 10L << k;
            List<String> alive = order.stream().filter(id -> at.stream().anyMatch(d -> d[0].equals(id))).toList();
            Map<String, RungDecisions.Report> reports = new HashMap<>();
            for (String[] d : at) {
                assertEquals(String.valueOf(step), d[2]);
                assertEquals("validation-accuracy-then-separation", d[3], "the default metric");
                String[] ev = plateau.get(d[0] + "/" + step);
                assertEquals(Math.round(Double.parseDouble(ev[2]) * 1000) / 1000.0, Double.parseDouble(d[4]), 1e-12,
                        "the rung's evaluation, to 0.1 point");
                assertFalse(d[6].isEmpty(), "the separation compared is recorded");
                reports.put(d[0], new RungDecisions.Report(Double.parseDouble(d[4]), Double.parseDouble(d[6]),
                        Boolean.parseBoolean(ev[1])));
            }
            Map<String, String> expected = new TreeMap<>();
            for (RungDecisions.Decision d : RungDecisions.decide(true, 2, false, alive, reports)) {
                expected.put(d.trialId(), d.promoted() ? "promoted" : "stopped");
            }
            Map<String, String> actual = new TreeMap<>();
            at.forEach(d -> actual.put(d[0], d[5]));
            assertEquals(expected, actual, "rung " + k);
            if (k == 0) {
                assertEquals(order.size(), alive.size(), "every trial reaches rung 0");
            }
            for (String[] d : at) {
                if (d[5].equals("stopped")) {
                    assertEquals("stopped", trials.get(d[0])[1], d[0]);
                    assertEquals(String.valueOf(step), trials.get(d[0])[2], d[0]);
                }
            }
        }
        for (String[] t : trials.values()) {
            assertTrue(t[1].equals("stopped") || t[1].equals("completed") && t[2].equals(String.valueOf(STEPS)),
                    String.join(",", t));
        }
        assertTrue(trials.values().stream().anyMatch(t -> t[1].equals("completed")));
        assertTrue(trials.values().stream().anyMatch(t -> t[1].equals("stopped")));

        // times are totals over a trial's segments: its wall time covers all the training and
        // evaluation its checkpoints carried (the last segment alone, 20 of 40 steps, does not)
        for (String[] t : list(out, "SELECT trial_id, seconds_task, seconds_train + seconds_eval,"
                + " seconds_data + seconds_setup + seconds_train + seconds_eval,"
                + " (unix_millis(ended_at) - unix_millis(started_at)) / 1000.0 FROM trials")) {
            double task = Double.parseDouble(t[1]);
            assertTrue(task >= Double.parseDouble(t[2]), "seconds_task of " + String.join(",", t));
            assertTrue(task >= Double.parseDouble(t[3]) - 0.05, "seconds_* of " + String.join(",", t));
            assertTrue(Double.parseDouble(t[4]) >= task - 0.05, "started_at is the first segment's: "
                    + String.join(",", t));
        }

        // the closing table and best trial rank by validation accuracy, never by the test set
        assertTrue(r.out().contains("ranked by validation accuracy (the test accuracy is reported, never decides)"),
                r.out());
        String best = list(out, "SELECT trial_id FROM trials WHERE status = 'completed'"
                + " ORDER BY validation_accuracy DESC, trial_id LIMIT 1").get(0)[0];
        assertTrue(r.out().contains("best trial by validation accuracy (of the completed trials): " + best),
                r.out());
        String top = list(out, "SELECT trial_id FROM trials ORDER BY validation_accuracy DESC, trial_id LIMIT 1")
                .get(0)[0];
        String firstRow = r.out().lines().filter(l -> l.matches("\\W*[0-9a-f]{8,}\\W.*")).findFirst().orElse("");
        assertTrue(firstRow.contains(top), "the table's first row is the best by validation: " + r.out());
        // no checkpoint left of a trial that ended
        try (Stream<Path> files = Files.walk(out.resolve("_checkpoints"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).map(Path::toString).toList());
        }

        // A second run finds everything done and changes nothing.
        CliHarness.Result again = CliHarness.run(args(sweep, out, overrides, UNPACKED));
        assertEquals(0, again.code(), again.err());
        assertEquals(decisions.size(), list(out, "SELECT trial_id FROM decisions").size());
    }

    @Test
    void aPackedSweepDecidesAsAnUnpackedOneAndPacksTheSurvivors() throws Exception {
        Path sweep = dir.resolve("asha.conf");
        Files.writeString(sweep, SWEEP);
        List<String> overrides = MnistSample.cliOverrides(dir);
        Path alone = dir.resolve("alone");
        CliHarness.Result a = CliHarness.run(args(sweep, alone, overrides, UNPACKED));
        assertEquals(0, a.code(), a.err());
        Path packed = dir.resolve("packed");
        CliHarness.Result p = CliHarness.run(args(sweep, packed, overrides, PACKED));
        assertEquals(0, p.code(), p.err());
        assertTrue(p.err().contains("rung 0 (step 10): pack of 4 trials "), p.err());
        // the first pack's two survivors train as a pack of their own to rung 1
        assertTrue(p.err().contains("rung 1 (step 20): pack of 2 trials "), p.err());
        assertEquals(decisionsAndTrials(alone), decisionsAndTrials(packed));
        try (Stream<Path> files = Files.walk(packed.resolve("_checkpoints"))) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).map(Path::toString).toList());
        }
    }

    @Test
    void aSweepKilledMidwayDecidesAsAnUninterruptedOne() throws Exception {
        Path sweep = dir.resolve("asha.conf");
        Files.writeString(sweep, SWEEP);
        List<String> overrides = MnistSample.cliOverrides(dir);
        Path whole = dir.resolve("whole");
        CliHarness.Result r = CliHarness.run(args(sweep, whole, overrides, UNPACKED));
        assertEquals(0, r.code(), r.err());

        // the killed sweep trains in packs, its rerun too: the same decisions as the uninterrupted unpacked run
        Path out = dir.resolve("killed");
        Process first = CliHarness.start(args(sweep, out, overrides, PACKED), dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        // killed once some rung-0 decisions are written and before the sweep ends
        while (count(out.resolve("decisions")) < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long trialsBefore = count(out.resolve("trials"));
        assertTrue(trialsBefore < TRIALS, "killed after " + trialsBefore + " trials: "
                + Files.readString(dir.resolve("first.log")));

        CliHarness.Result again = CliHarness.run(args(sweep, out, overrides, PACKED));
        assertEquals(0, again.code(), again.err());
        assertEquals(decisionsAndTrials(whole), decisionsAndTrials(out));
    }

    /** {@link #DECISIONS_AND_TRIALS} as text, after checking that every trial has one row. */
    private static String decisionsAndTrials(Path out) {
        List<String[]> rows = list(out, DECISIONS_AND_TRIALS);
        List<String> trials = rows.stream().filter(r -> r[0].equals("trial")).map(r -> r[1]).toList();
        assertEquals(TRIALS, trials.size(), "rows in trials");
        assertEquals(TRIALS, trials.stream().distinct().count(), "trials with a row");
        assertTrue(rows.stream().anyMatch(r -> r[0].equals("decision")));
        return String.join("\n", rows.stream().map(a -> String.join(",", a)).toList());
    }

    private static long count(Path table) throws java.io.IOException {
        if (!Files.isDirectory(table)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(table)) {
            return s.filter(p -> p.getFileName().toString().matches("rung-\\d+\\.snappy\\.parquet")
                    || p.getFileName().toString().equals("_STATUS")).count();
        }
    }

    private static List<String> args(Path sweep, Path out, List<String> overrides, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString()));
        a.addAll(List.of(more));
        a.addAll(overrides);
        return a;
    }

    private static List<String[]> list(Path out, String sql) {
        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", sql));
        assertEquals(0, q.code(), q.err());
        return q.out().lines().skip(1).map(l -> l.split(",", -1)).toList();
    }

    private static Map<String, String[]> rows(Path out, String sql) {
        Map<String, String[]> m = new TreeMap<>();
        for (String[] row : list(out, sql)) {
            m.put(row[0], row);
        }
        assertEquals(new TreeSet<>(m.keySet()).size(), m.size());
        return m;
    }
}
