package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver killed with SIGKILL mid-sweep: the same command finishes it, every trial exactly once. */
class SweepResumeIT {
    @TempDir
    Path dir;

    @Test
    void aKilledDriverResumesWithEveryTrialExactlyOnce() throws Exception {
        Path sweep = dir.resolve("resume-sweep.conf");
        Files.writeString(sweep, """
                ffsweep.trial {
                  model { hidden-sizes = [64], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 10, train-limit = 2000 }
                }
                ffsweep.sweep {
                  name = resume
                  grid { "ff.threshold" = [0.5, 1, 1.5, 2, 2.5] }
                }
                """);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString()));
        args.addAll(MnistSample.cliOverrides(dir));

        // The first run in its own JVM, killed (SIGKILL) as soon as one trial has its rows.
        Process first = CliHarness.start(args, dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (finishedTrials(out) == 0 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long before = finishedTrials(out);
        assertTrue(before >= 1 && before < 5, "killed after " + before + " trials: " + Files.readString(dir.resolve("first.log")));

        CliHarness.Result again = CliHarness.run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains(before + " finished before, " + (5 - before) + " to run"), again.err());

        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*) AS trials, count(DISTINCT trial_id) AS distinct_trials FROM trials"));
        assertEquals("5,5", q.out().lines().toList().get(1), q.out());
        if (Files.isDirectory(out.resolve("_tmp"))) {
            try (Stream<Path> tmp = Files.list(out.resolve("_tmp"))) {
                assertTrue(tmp.findAny().isEmpty(), "nothing left half-written");
            }
        }
    }

    private static long finishedTrials(Path out) throws java.io.IOException {
        Path trials = out.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(trials)) {
            return s.filter(d -> Files.exists(d.resolve("_STATUS"))).count();
        }
    }
}
