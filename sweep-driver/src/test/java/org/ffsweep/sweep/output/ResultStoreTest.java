package org.ffsweep.sweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.spark.TaskOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results folder on the local file system, without Spark: rows, the lock, the marker, damaged files. */
class ResultStoreTest {
    @TempDir
    Path dir;

    private ResultStore sweep(Path out, List<String> notes) throws ResultFolderException {
        return ResultStore.openForSweep(out.toString(), new Configuration(), "ffsweep sweep test.conf", notes::add);
    }

    private static Group onlyRow(Path folder) throws IOException {
        Path file;
        try (Stream<Path> s = Files.list(folder)) {
            file = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toString())).build()) {
            Group g = r.read();
            assertEquals(null, r.read(), "one row");
            return g;
        }
    }

    @Test
    void writesATrialsRowsAndFindsItFinished() throws Exception {
        TaskOutcome ok = ResultFolders.completed(dir, 2.0);
        TaskOutcome bad = ResultFolders.failed(dir);
        Path out = dir.resolve("out");
        ResultFolders.write(out, ok, bad);

        Group t = onlyRow(out.resolve("trials/trial_id=" + ok.spec().trialId()));
        assertEquals("completed", t.getString("status", 0));
        assertEquals(0.5, t.getDouble("seconds_data", 0));
        assertEquals("host-a", t.getString("host", 0));
        assertEquals(1_700_000_000_000_000L, t.getLong("started_at", 0));
        JsonObject axes = JsonParser.parseString(t.getString("axis_values", 0)).getAsJsonObject();
        assertEquals("relu", axes.get("model.activation").getAsString(), "a JSON string, not JSON inside a string");
        assertEquals(2.0, axes.get("ff.threshold").getAsDouble());
        assertTrue(axes.get("ff.threshold").getAsJsonPrimitive().isNumber());
        Group f = onlyRow(out.resolve("trials/trial_id=" + bad.spec().trialId()));
        assertEquals("failed", f.getString("status", 0));
        assertEquals(0, f.getFieldRepetitionCount("seconds_data"));
        assertEquals("bad, \"very\" bad\nsecond line", f.getString("error_message", 0));

        try (ResultStore s = ResultStore.open(out.toString(), new Configuration())) {
            assertEquals(Map.of(ok.spec().trialId(), TrialStatus.COMPLETED, bad.spec().trialId(), TrialStatus.FAILED),
                    s.finished());
            assertTrue(s.unreadableFiles().isEmpty());
            assertThrows(IllegalStateException.class, () -> s.write("x", ok), "a read-only view never writes");
            assertThrows(IllegalStateException.class, s::clearStaleTemp);
        }
        assertTrue(Files.exists(out.resolve(ResultStore.MARKER)), "marked as a results folder");
        assertFalse(Files.exists(out.resolve("_LOCK")), "the lock is released");
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderUntilTheFirstReleases() throws Exception {
        Path out = dir.resolve("out");
        List<String> notes = new ArrayList<>();
        try (ResultStore first = sweep(out, notes)) {
            String lock = Files.readString(out.resolve("_LOCK"));
            assertTrue(lock.contains("pid=" + ProcessHandle.current().pid() + "\n"), lock);
            assertTrue(lock.contains("command=ffsweep sweep test.conf\n"), lock);
            var e = assertThrows(ResultFolderException.class, () -> sweep(out, notes));
            assertTrue(e.getMessage().contains("in use by another sweep, pid " + ProcessHandle.current().pid() + "@"
                    + ResultLock.thisHost() + " since "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        try (ResultStore again = sweep(out, notes)) {
            assertTrue(Files.exists(out.resolve("_LOCK")));
        }
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void aDeadHoldersLockIsTakenOverWithANote() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Path out = Files.createDirectories(dir.resolve("out"));
        ResultFolders.write(out, ResultFolders.completed(dir, 1.0));
        Files.writeString(out.resolve("_LOCK"), "pid=" + gone.pid() + "\nhost=" + ResultLock.thisHost()
                + "\nsince=2025-01-01T00:00:00Z\ncommand=ffsweep sweep old.conf\ntoken=old\n");
        Files.createDirectories(out.resolve("_tmp/half-written"));
        List<String> notes = new ArrayList<>();
        try (ResultStore s = sweep(out, notes)) {
            s.clearStaleTemp();
            assertFalse(Files.exists(out.resolve("_tmp")), "the dead sweep's half-written trial is removed");
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("taking over the lock") && notes.get(0).contains("pid " + gone.pid() + "@"),
                notes.get(0));
    }

    @Test
    void aLockHeldOnAnotherHostIsRefusedWithHowToRemoveIt() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve(ResultStore.MARKER), "");
        Files.writeString(out.resolve("_LOCK"), "pid=1\nhost=elsewhere.example\nsince=2025-01-01T00:00:00Z\n");
        var e = assertThrows(ResultFolderException.class, () -> sweep(out, new ArrayList<>()));
        assertTrue(e.getMessage().contains("pid 1@elsewhere.example since 2025-01-01T00:00:00Z"), e.getMessage());
        assertTrue(e.getMessage().contains("delete " + out.toUri().getPath().replaceAll("/$", "") + "/_LOCK"),
                e.getMessage());
        assertEquals("pid=1\nhost=elsewhere.example\nsince=2025-01-01T00:00:00Z\n", Files.readString(out.resolve("_LOCK")));
    }

    @Test
    void outMustBeAFolderThatIsNewEmptyOrOfFfsweep() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        var e = assertThrows(ResultFolderException.class, () -> sweep(file, new ArrayList<>()));
        assertTrue(e.getMessage().contains("is a file, not a folder"), e.getMessage());
        e = assertThrows(ResultFolderException.class, () -> sweep(file.resolve("sub"), new ArrayList<>()));
        assertTrue(e.getMessage().contains("cannot create the results folder"), e.getMessage());

        // A user's folder with a stale _tmp of its own: refused, and nothing in it touched
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.createDirectories(mine.resolve("_tmp/keep"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        e = assertThrows(ResultFolderException.class, () -> sweep(mine, new ArrayList<>()));
        assertTrue(e.getMessage().contains("not empty and holds no ffsweep results"), e.getMessage());
        assertTrue(Files.isDirectory(mine.resolve("_tmp/keep")));
        try (Stream<Path> s = Files.list(mine)) {
            assertEquals(2, s.count(), "no marker, no lock");
        }

        // A results folder from before the marker: adopted
        Path old = dir.resolve("old");
        ResultFolders.write(old, ResultFolders.completed(dir, 1.0));
        Files.delete(old.resolve(ResultStore.MARKER));
        Files.deleteIfExists(old.resolve("." + ResultStore.MARKER + ".crc"));
        try (ResultStore s = sweep(old, new ArrayList<>())) {
            assertEquals(1, s.finished().size());
        }
        assertTrue(Files.exists(old.resolve(ResultStore.MARKER)));
    }

    @Test
    void aTruncatedFileIsNamedAndItsTrialCountsAsUnfinished() throws Exception {
        TaskOutcome a = ResultFolders.completed(dir, 1.0);
        TaskOutcome b = ResultFolders.completed(dir, 2.0);
        Path out = dir.resolve("out");
        ResultFolders.write(out, a, b);
        Path part;
        try (Stream<Path> s = Files.list(out.resolve("epochs/trial_id=" + a.spec().trialId()))) {
            part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }

        try (ResultStore view = ResultStore.open(out.toString(), new Configuration())) {
            Map<String, String> bad = view.unreadableFiles();
            assertEquals(1, bad.size(), bad.toString());
            String name = bad.keySet().iterator().next();
            assertTrue(name.endsWith(part.toString()), name);
            assertEquals(a.spec().trialId(), ResultStore.trialOf(name));
        }
        List<String> notes = new ArrayList<>();
        try (ResultStore s = sweep(out, notes)) {
            assertEquals(Map.of(b.spec().trialId(), TrialStatus.COMPLETED), s.finished());
        }
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains(part.toString()) && notes.get(0).contains("runs again"), notes.get(0));
        assertFalse(Files.exists(out.resolve("trials/trial_id=" + a.spec().trialId())), "its rows are discarded");
        assertFalse(Files.exists(part));
    }
}
