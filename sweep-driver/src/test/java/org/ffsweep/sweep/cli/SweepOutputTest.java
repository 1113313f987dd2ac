package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.output.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep --out}: checked and locked before Spark starts; one line and exit 2 when it cannot be used. */
class SweepOutputTest {
    @TempDir
    Path dir;

    private CliHarness.Result sweep(Path out) throws Exception {
        Path conf = Files.writeString(dir.resolve("s.conf"), """
                ffsweep.sweep { name = out-check, grid { "ff.threshold" = [1, 2] } }
                """);
        return CliHarness.run(List.of("sweep", conf.toString(), "--out", out.toString()));
    }

    private static void assertOneLineExit2(CliHarness.Result r, String... contains) {
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        for (String c : contains) {
            assertTrue(r.err().contains(c), () -> "names " + c + ": " + r.err());
        }
        assertTrue(!r.err().contains("Spark") && !r.err().contains("SparkContext"), "Spark never started: " + r.err());
    }

    @Test
    void aFileAsOutIsRefusedBeforeSparkStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("results.txt"), "mine");
        assertOneLineExit2(sweep(file), "ffsweep: the results folder " + file + " is a file, not a folder");
        assertEquals("mine", Files.readString(file));
        assertOneLineExit2(sweep(file.resolve("sub")), "cannot create the results folder " + file.resolve("sub"));
    }

    @Test
    void aSecondSweepOnTheSameOutIsRefusedNamingTheHolder() throws Exception {
        Path out = dir.resolve("out");
        try (ResultStore first = ResultStore.openForSweep(out.toString(), new Configuration(), "ffsweep sweep a.conf",
                line -> { })) {
            assertOneLineExit2(sweep(out), "is in use by another sweep, pid " + ProcessHandle.current().pid() + "@",
                    " since ", "(ffsweep sweep a.conf)");
        }
    }

    @Test
    void aFolderThatIsNotAResultsFolderIsRefusedAndItsTmpKept() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.createDirectories(mine.resolve("_tmp"));
        Files.writeString(mine.resolve("_tmp/keep.txt"), "keep");
        assertOneLineExit2(sweep(mine), "not empty and holds no ffsweep results");
        assertEquals("keep", Files.readString(mine.resolve("_tmp/keep.txt")));
    }
}
