package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to show-data fails before any data is read: exit code 2 and one clear line. */
class ShowDataCommandTest {
    @TempDir
    Path tmp;

    @Test
    void outIsRequired() throws Exception {
        Path conf = Files.writeString(tmp.resolve("a.conf"), "");
        CliHarness.Result r = CliHarness.run(List.of("show-data", conf.toString()));
        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertTrue(r.err().contains("show-data CONF --out DIR"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void countMustBeAWholeNumberInRange() throws Exception {
        Path conf = Files.writeString(tmp.resolve("a.conf"), "");
        for (String bad : List.of("0", "x", "1000")) {
            CliHarness.Result r = CliHarness.run(List.of("show-data", conf.toString(), "--out", tmp.toString(),
                    "--count", bad));
            assertEquals(FfsweepMain.BAD_INPUT, r.code());
            assertTrue(r.err().contains("--count") && r.err().contains("'" + bad + "'"), r.err());
        }
    }

    @Test
    void aBadConfigurationNamesTheKeyAndLine() throws Exception {
        Path conf = Files.writeString(tmp.resolve("bad.conf"), "ffsweep.trial {\n  unsupervised.blur-repeats = -2\n}\n");
        CliHarness.Result r = CliHarness.run(List.of("show-data", conf.toString(), "--out", tmp.resolve("o").toString()));
        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertTrue(r.err().contains("ffsweep.trial.unsupervised.blur-repeats"), r.err());
        assertTrue(r.err().contains("bad.conf: 2"), r.err());
        assertTrue(!Files.exists(tmp.resolve("o")), "nothing written");
    }
}
