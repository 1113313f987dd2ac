package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ffsweep.sweep.grid.GridExpander;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ffsweep sweep}: the dry run's output, the not-yet-built run, and flag parsing. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = FfsweepMain.run(List.of(args), o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path sweep() throws IOException {
        return Files.writeString(tmp.resolve("s.conf"), """
                ffsweep.trial.ff.threshold = 0.5
                ffsweep.sweep {
                  name = small
                  grid { "ff.threshold" = { from = 1, to = 12, step = 1 } }
                  exclude = [ { "ff.threshold" = 12 } ]
                  one-at-a-time { "ff.threshold" = [1] }
                }
                """);
    }

    @Test
    void dryRunPrintsTheCountsAndTenSampleTrials() throws IOException {
        Result r = run("sweep", sweep().toString(), "--dry-run", "--set", "training.epochs=5");

        assertEquals(FfsweepMain.OK, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("sweep small: 12 trials (1 duplicates dropped, 1 excluded)", lines.get(0));
        assertEquals(11, lines.size(), r.out());
        assertTrue(lines.get(1).matches("  #1  [0-9a-f]{16}  ff\\.threshold=1"), lines.get(1));
        assertTrue(lines.get(10).matches("  #12  [0-9a-f]{16}"), "the base trial has no axis values: " + lines.get(10));
        assertEquals("", r.err());
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() throws IOException {
        Result r = run("sweep", sweep().toString(), "--out");

        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("ffsweep: --out needs a value"), r.err());
    }

    @Test
    void sqlNeedsAResultsFolder() {
        Result r = run("sql", "--out", tmp.resolve("nothing-here").toString(), "SELECT 1");

        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertTrue(r.err().startsWith("ffsweep: no sweep results in"), r.err());
    }

    @Test
    void invalidSweepIsAConfigurationErrorWithFileAndLine() throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.conf"), "ffsweep.sweep.grid {\n  \"model.activation\" = [relu, swish]\n}\n");

        Result r = run("sweep", f.toString(), "--dry-run");

        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("ffsweep: configuration error: "), r.err());
        assertTrue(r.err().contains("bad.conf: 2") && r.err().contains("swish"), r.err());
    }

    @Test
    void aQueryThatStartsWithACommentOrFollowsDoubleDashIsPositional() {
        String query = "-- the trials\nSELECT trial_id FROM trials";
        Args a = Args.parse(List.of("--out", "d", query), Set.of(), Set.of("--out"));
        assertEquals(List.of(query), a.positional());
        assertEquals("d", a.option("--out", null));

        Args b = Args.parse(List.of("--out", "d", "--", "--format", "--x"), Set.of(), Set.of("--out", "--format"));
        assertEquals(List.of("--format", "--x"), b.positional());
        assertEquals(null, b.option("--format", null));

        UsageException e = assertThrows(UsageException.class, () -> Args.parse(List.of("--outt", "d")));
        assertTrue(e.getMessage().contains("unknown option --outt"));
    }

    @Test
    void flagsAreAcceptedOnlyWhereDeclared() {
        Args a = Args.parse(List.of("x.conf", "--dry-run", "--set", "a=1"), Set.of("--dry-run"));
        assertEquals(List.of("x.conf"), a.positional());
        assertEquals(List.of("a=1"), a.overrides());
        assertTrue(a.has("--dry-run"));

        UsageException e = assertThrows(UsageException.class, () -> Args.parse(List.of("x.conf", "--dry-run")));
        assertTrue(e.getMessage().contains("unknown option --dry-run"));
        Result r = run("train", "x.conf", "--dry-run");
        assertEquals(FfsweepMain.BAD_INPUT, r.code());
        assertTrue(r.err().contains("unknown option --dry-run"), r.err());
    }

    @Test
    void aSweepWhoseTrialsAreAllExcludedIsOneLineAndExitTwoBeforeSparkStarts() throws IOException {
        Path f = Files.writeString(tmp.resolve("none.conf"), """
                ffsweep.sweep {
                  grid { "ff.threshold" = [1, 2] }
                  exclude = [ { "ff.threshold" = [1, 2] } ]
                }
                """);
        Path out = tmp.resolve("out");
        for (List<String> extra : List.of(List.of("--out", out.toString()), List.of("--dry-run"))) {
            List<String> args = new java.util.ArrayList<>(List.of(f.toString()));
            args.addAll(extra);
            Result r = run(java.util.stream.Stream.concat(java.util.stream.Stream.of("sweep"), args.stream())
                    .toArray(String[]::new));

            assertEquals(FfsweepMain.BAD_INPUT, r.code(), r.err());
            assertEquals("", r.out());
            assertEquals(List.of("ffsweep: sweep none (" + f + ") has no trial to run: ffsweep.sweep.exclude drops all 2"
                    + " of them"), r.err().lines().toList());
            assertTrue(Files.notExists(out), "nothing written");
        }
    }

    @Test
    void aSweepNameThatLeavesResultsIsOneLineAndExitTwo() throws IOException {
        Path f = Files.writeString(tmp.resolve("escape.conf"), "ffsweep.sweep.name = \"../../x\"\n");

        Result r = run("sweep", f.toString());

        assertEquals(FfsweepMain.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("escape.conf: 1") && r.err().contains("ffsweep.sweep.name")
                && r.err().contains("'../../x'"), r.err());
        assertTrue(Files.notExists(Path.of("x")) && Files.notExists(tmp.resolve("x")), "nothing written");
    }

    @Test
    void absurdWidthsAreRefusedUpFrontNamingTheKey() throws IOException {
        Path f = Files.writeString(tmp.resolve("wide.conf"), """
                ffsweep.sweep.grid {
                  "model.hidden-sizes" = [[500], [2000000000]]
                }
                """);

        Result r = run("sweep", f.toString(), "--dry-run");

        assertEquals(FfsweepMain.BAD_INPUT, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("wide.conf: 2") && r.err().contains("ffsweep.trial.model.hidden-sizes")
                && r.err().contains("more than one tensor can hold"), r.err());
    }

    @Test
    void sampleIsSpreadEvenlyWithFirstAndLast() {
        assertArrayEquals(new int[] {0, 1, 2}, GridExpander.sampleIndices(3, 10));
        assertArrayEquals(new int[] {0, 4, 9, 13, 18, 22, 27, 31, 36, 41}, GridExpander.sampleIndices(42, 10));
        assertArrayEquals(new int[] {}, GridExpander.sampleIndices(0, 10));
    }
}
