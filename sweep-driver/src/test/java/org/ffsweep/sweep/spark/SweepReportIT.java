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

/** {@code sweep --report}: the report page is rewritten after every trial and once at the end. */
class SweepReportIT {
    @TempDir
    Path dir;

    @Test
    void reportIsRewrittenAfterEveryTrial() throws Exception {
        Path sweep = dir.resolve("tiny-sweep.conf");
        Files.writeString(sweep, """
                ffsweep.trial {
                  model { hidden-sizes = [32, 32], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 3, train-limit = 1000 }
                  metrics { every-steps = 1 }
                }
                ffsweep.sweep {
                  name = tiny
                  grid { "ff.threshold" = [1, 2], "model.activation" = [relu] }
                }
                """);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--report"));
        args.addAll(MnistSample.cliOverrides(dir));

        CliHarness.Result r = CliHarness.run(args);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        List<String> reports = lines.stream().filter(l -> l.startsWith("report: ")).toList();
        // after trials (on a thread of its own: trials that end during a report share the next one) and at the end
        assertTrue(reports.size() >= 2 && reports.size() <= 3, r.err());
        assertTrue(indexOf(lines, "[1/2] ") < indexOf(lines, "report: "), "a report after the first trial: " + r.err());
        assertTrue(reports.get(0).matches("report: [12] trials, .*"), reports.get(0));
        assertTrue(reports.get(reports.size() - 1).startsWith("report: 2 trials"), reports.toString());
        Path page = out.resolve("report.html").toAbsolutePath().normalize();
        List<String> stdout = r.out().lines().toList();
        assertEquals("report: " + page, stdout.get(stdout.size() - 1), "the last line names the page");
        assertTrue(r.out().contains("(2 rows)"), "the results table comes first: " + r.out());
        String html = Files.readString(page);
        assertTrue(html.contains("ff.threshold"), "the axis figure and table");
        try (var s = Files.list(out.resolve("report"))) {
            assertTrue(s.count() >= 4, "at least four figures");
        }
        // a rerun with nothing to do still ends with the report
        CliHarness.Result again = CliHarness.run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().endsWith("report: " + page + "\n"), again.out());
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starting '" + start + "' in " + lines);
    }
}
