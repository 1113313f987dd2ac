package org.ffsweep.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.cli.CliHarness;
import org.ffsweep.sweep.output.ResultFolderException;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.spark.TaskOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of real Parquet results folders (written by ResultStore from made-up trials), without a browser. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void reportOfA42TrialGridHasEveryFigure() throws Exception {
        Path out = dir.resolve("grid");
        List<TaskOutcome> trials = SyntheticResults.grid(dir, out, 300);

        long t0 = System.nanoTime();
        Report.Written w = Report.write(out.toString(), Report.defaultPage(out.toString()), new Configuration());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("report of 42 trials: %.2f s (reading %.2f s), %d figures%n", seconds, w.readSeconds(),
                w.figureCount());
        // its time is measured, not asserted (docs/report.md, "Speed"): the machine is shared and noisy

        assertEquals(42, w.trials());
        assertEquals(out.resolve("report.html").toAbsolutePath(), w.html());
        String html = Files.readString(w.html());
        for (TaskOutcome o : trials) {
            assertTrue(html.contains(o.spec().trialId()), "every trial is in the table: " + o.spec().trialId());
        }
        List<String> files;
        try (Stream<Path> s = Files.list(out.resolve("report"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(w.figureCount(), files.size(), files.toString());
        // status, time, devices, threshold, margin, heat map, accuracy curves, best + median (2 each),
        // and 12 collapsed trials (thresholds 8 and 16; one of them failed) with 2 each
        assertTrue(files.containsAll(List.of("01-status.png", "02-time.png", "03-devices.png",
                "10-axis-ff-margin.png", "11-axis-ff-threshold.png", "12-heatmap.png", "40-accuracy-vs-step.png")),
                files.toString());
        assertEquals(7 + 2 * (2 + 13), files.size(), files.toString());
        for (String f : files) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("report").resolve(f).toFile());
            assertEquals(2 * Charts.WIDTH, img.getWidth(), f);
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) {
                for (int x = 0; x < img.getWidth(); x += 3) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertTrue(colours.size() > 20, f + " is drawn: " + colours.size() + " colours");
        }
        assertTrue(html.contains("made up: native allocation of 4 GiB failed"), "the failure's reason");
        assertTrue(html.contains("the loss became NaN or infinite"), "the divergence's reason");
        assertTrue(html.contains("every test image got one label"), "collapse explained");
        assertEquals(files.size(), html.split("<img class=\"figure\"", -1).length - 1, "every figure inlined");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing from the network");

        // the folder stays a results folder a sweep accepts (the report files are beside the tables)
        try (ResultStore s = ResultStore.openForSweep(out.toString(), new Configuration(), "test", l -> { })) {
            assertEquals(42, s.finished().size());
        }
    }

    @Test
    void oneAtATimeSweepWithoutRepeatsHasAnAxisFigurePerAxisAndNoHeatMap() throws Exception {
        // conf/repro-softplus.conf's shape: a base trial (no axis) and trials that change one axis each,
        // so no trial sets two axes; the report used to fail drawing an empty heat map
        Path out = dir.resolve("one-at-a-time");
        SyntheticResults.write(out, List.of(
                SyntheticResults.trial(dir, 1, 0, 20, 0, java.util.Map.of()),
                SyntheticResults.trial(dir, 2, 0, 20, 1, java.util.Map.of("ff.threshold", "2.0")),
                SyntheticResults.trial(dir, 4, 0, 20, 2, java.util.Map.of("ff.threshold", "4.0")),
                SyntheticResults.trial(dir, 1, 1, 20, 3, java.util.Map.of("ff.margin", "1.0")),
                SyntheticResults.trial(dir, 1, 2, 20, 4, java.util.Map.of("ff.margin", "2.0"))));

        Report.Written w = Report.write(out.toString(), Report.defaultPage(out.toString()), new Configuration());

        assertEquals(5, w.trials());
        List<String> files;
        try (Stream<Path> s = Files.list(out.resolve("report"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(files.containsAll(List.of("10-axis-ff-threshold.png", "11-axis-ff-margin.png",
                "40-accuracy-vs-step.png")), files.toString());
        assertTrue(files.stream().noneMatch(f -> f.contains("heatmap")), files.toString());
        assertEquals(w.figureCount(), files.size(), files.toString());
    }

    @Test
    void readsAFolderThatASweepIsWritingIgnoringUnfinishedTrialsAndTmp() throws Exception {
        Path out = dir.resolve("running");
        TaskOutcome a = SyntheticResults.trial(dir, 1, 0, 20, 0);
        TaskOutcome b = SyntheticResults.trial(dir, 2, 0, 20, 1);
        SyntheticResults.write(out, List.of(a, b));
        // a trial mid-write: rows under _tmp, an epochs folder without its trials row, a trials folder without _STATUS
        Files.createDirectories(out.resolve("_tmp/xyz/trials"));
        Files.writeString(out.resolve("_tmp/xyz/trials/part-0.parquet"), "not parquet");
        Files.createDirectories(out.resolve("epochs/trial_id=half"));
        Files.createDirectories(out.resolve("trials/trial_id=half"));
        Files.writeString(out.resolve("trials/trial_id=half/part-0.parquet"), "half written");
        Files.writeString(out.resolve("_LOCK"), "pid 1@elsewhere");

        ResultsSnapshot snap = ResultsReader.read(out.toString(), new Configuration());
        assertEquals(List.of(a.spec().trialId(), b.spec().trialId()).stream().sorted().toList(),
                snap.trials().stream().map(TrialRow::id).toList());
        assertTrue(snap.notes().isEmpty(), snap.notes().toString());
        assertEquals(40, snap.layers().get(a.spec().trialId()).size());

        Report.Written w = Report.write(out.toString(), dir.resolve("elsewhere/page.html"), new Configuration());
        assertEquals(2, w.trials());
        assertTrue(Files.isRegularFile(dir.resolve("elsewhere/page.html")));
        assertTrue(Files.isDirectory(dir.resolve("elsewhere/page")), "figures beside the page");
        assertEquals("pid 1@elsewhere", Files.readString(out.resolve("_LOCK")), "the lock is never touched");

        // a damaged trial whose _STATUS is there is left out with a note, not a failure
        Files.writeString(out.resolve("trials/trial_id=half/_STATUS"), "completed");
        ResultsSnapshot again = ResultsReader.read(out.toString(), new Configuration());
        assertEquals(2, again.trials().size());
        assertEquals(1, again.notes().size(), again.notes().toString());
        assertTrue(again.notes().get(0).startsWith("trial half left out"), again.notes().get(0));
    }

    @Test
    void refusesAFolderWithoutResultsAndAPageInsideATable() throws Exception {
        ResultFolderException none = assertThrows(ResultFolderException.class,
                () -> Report.write(dir.resolve("nothing").toString(), dir.resolve("r.html"), new Configuration()));
        assertTrue(none.getMessage().startsWith("no results in "), none.getMessage());

        Path out = dir.resolve("one");
        SyntheticResults.write(out, List.of(SyntheticResults.trial(dir, 1, 0, 10, 0)));
        ResultFolderException inside = assertThrows(ResultFolderException.class,
                () -> Report.write(out.toString(), out.resolve("trials/r.html"), new Configuration()));
        assertTrue(inside.getMessage().contains("inside the results table"), inside.getMessage());
        try (Stream<Path> s = Files.list(out.resolve("trials"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("r")), "nothing written");
        }
    }

    @Test
    void reportCommandPrintsThePageAndRefusesBadInputWithOneLine() throws Exception {
        Path out = dir.resolve("cli");
        SyntheticResults.write(out, List.of(SyntheticResults.trial(dir, 1, 0, 10, 0),
                SyntheticResults.trial(dir, 2, 1, 10, 1)));
        CliHarness.Result ok = CliHarness.run(List.of("report", "--out", out.toString()));
        assertEquals(0, ok.code(), ok.err());
        assertEquals(out.resolve("report.html").toAbsolutePath().normalize() + "\n", ok.out());
        assertTrue(ok.err().startsWith("report: 2 trials, "), ok.err());

        CliHarness.Result none = CliHarness.run(List.of("report", "--out", dir.resolve("absent").toString()));
        assertEquals(2, none.code());
        assertEquals("", none.out());
        assertEquals(1, none.err().lines().count(), none.err());
        assertTrue(none.err().startsWith("ffsweep: no results in "), none.err());

        CliHarness.Result usage = CliHarness.run(List.of("report"));
        assertEquals(2, usage.code());
        assertTrue(usage.err().startsWith("ffsweep: expected: report --out DIR [--html FILE]"), usage.err());
        assertFalse(Files.exists(dir.resolve("absent")), "nothing written");
    }
}
