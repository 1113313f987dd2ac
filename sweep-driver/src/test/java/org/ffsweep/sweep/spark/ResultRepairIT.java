package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A truncated result file: named by sql and by the sweep, and the sweep's rerun replaces that trial. */
class ResultRepairIT {
    @TempDir
    Path dir;

    @Test
    void aTruncatedFileIsNamedAndARerunReplacesItsTrial() throws Exception {
        Path sweep = Files.writeString(dir.resolve("repair.conf"), """
                ffsweep.trial {
                  model { hidden-sizes = [32], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 2, train-limit = 1000 }
                }
                ffsweep.sweep { name = repair, grid { "ff.threshold" = [1, 2] } }
                """);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString()));
        args.addAll(MnistSample.cliOverrides(dir));
        CliHarness.Result first = CliHarness.run(args);
        assertEquals(0, first.code(), first.err());
        assertFalse(Files.exists(out.resolve("_LOCK")), "the lock is released");
        CliHarness.Result data = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*), count(seconds_data), min(seconds_data) >= 0 FROM trials"));
        assertEquals("2,2,true", data.out().lines().toList().get(1), "seconds_data in every sweep row: " + data.out());

        Path part;
        try (Stream<Path> s = Files.walk(out.resolve("trials"))) {
            part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
        String trial = part.getParent().getFileName().toString().substring("trial_id=".length());
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        CliHarness.Result broken = CliHarness.run(List.of("sql", "--out", out.toString(), "SELECT * FROM trials"));
        assertEquals(2, broken.code(), broken.err());
        assertTrue(broken.err().contains("results file " + part + " is unreadable"), broken.err());

        CliHarness.Result again = CliHarness.run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("results file " + part + " is unreadable"), again.err());
        assertTrue(again.err().contains("trial " + trial + " counts as unfinished"), again.err());
        assertTrue(again.err().contains("1 finished before, 1 to run"), again.err());
        CliHarness.Result fixed = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*), count(DISTINCT trial_id) FROM trials"));
        assertEquals(0, fixed.code(), fixed.err());
        assertEquals("2,2", fixed.out().lines().toList().get(1));
    }
}
