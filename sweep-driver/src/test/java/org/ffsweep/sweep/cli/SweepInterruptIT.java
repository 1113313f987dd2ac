package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ffsweep sweep} in its own JVM, stopped by SIGINT (Ctrl-C; SIGTERM where this test's process
 * ignores SIGINT) after its first trial: one line
 * saying how many trials finished, exit code 130, the finished trials' rows intact and nothing
 * half-written; stderr holds ffsweep's progress lines only (none of Spark's log lines), for the
 * sweep and for {@code sql} on its results.
 */
class SweepInterruptIT {
    private static final Pattern PROGRESS = Pattern.compile(
            "sweep tiny: 8 trials, 0 finished before, 8 to run|started [\\w+]+ on executor driver|\\[\\d/8\\] \\w+ .*"
                    + "|concurrent trials: .*|packing: .*");
    private static final Pattern INTERRUPTED = Pattern.compile("ffsweep: interrupted: (\\d) of 8 trials finished"
            + " \\(results kept in file:.*\\); run the same command again to resume");

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsWithOneLineExit130AndKeepsFinishedTrials() throws Exception {
        Path sweep = Files.writeString(dir.resolve("tiny.conf"), """
                ffsweep.trial {
                  model { hidden-sizes = [32], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 10, train-limit = 1000 }
                }
                ffsweep.sweep { name = tiny, grid { "ff.threshold" = [1, 2, 3, 4, 5, 6, 7, 8] } }
                """);
        Path out = dir.resolve("out");
        // one trial at a time, alone: a pack or two trials at once could all finish before Ctrl-C lands
        List<String> args = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--set",
                "ffsweep.runtime.concurrent-trials=1", "--set", "ffsweep.sweep.packing.max-trials=1"));
        args.addAll(MnistSample.cliOverrides(dir));
        // Ctrl-C is SIGINT; a test run from a background job of a non-interactive shell (`mvn ... &`)
        // inherits SIGINT ignored, and a JVM leaves an ignored SIGINT ignored, so there the sweep is
        // stopped with SIGTERM, which it handles the same way
        String signal = sigintIgnored() ? "TERM" : "INT";
        Process p = ffsweep(args).start();
        AtomicBoolean sent = new AtomicBoolean();
        List<String> err = watch(p, (line, lines) -> {
            if (line.startsWith("[1/8]") && !sent.getAndSet(true)) {
                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
            }
        });
        String text = String.join("\n", err);

        assertEquals(130, p.exitValue(), text);
        String last = err.get(err.size() - 1);
        Matcher m = INTERRUPTED.matcher(last);
        assertTrue(m.matches(), "the last line says how many finished: " + text);
        for (String line : err.subList(0, err.size() - 1)) {
            assertTrue(PROGRESS.matcher(line).matches(), "only ffsweep's progress lines, got: " + line + "\n" + text);
        }
        int finished = Integer.parseInt(m.group(1));
        assertTrue(finished >= 1 && finished < 8, text);
        try (Stream<Path> trials = Files.list(out.resolve("trials"))) {
            assertEquals(finished, trials.filter(t -> t.getFileName().toString().startsWith("trial_id=")).count(),
                    "one trials folder per finished trial");
        }
        Path tmp = out.resolve("_tmp");
        if (Files.exists(tmp)) {
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(List.of(), left.toList(), "nothing half-written");
            }
        }

        Process sql = ffsweep(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT count(*) AS n, min(status) AS s FROM trials")).start();
        String sqlOut = new String(sql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String sqlErr = new String(sql.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sql.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, sql.exitValue(), sqlErr);
        assertEquals(List.of("n,s", finished + ",completed"), sqlOut.lines().toList(), sqlErr);
        assertEquals("", sqlErr, "no log lines from Spark");
    }

    /** What a test does on each stderr line of a running ffsweep; {@code lines} holds them so far and takes notes. */
    interface OnLine {
        void accept(String line, List<String> lines) throws IOException, InterruptedException;
    }

    /**
     * Reads {@code p}'s stderr to its end on a thread of its own, adding each line to the list it
     * returns and then handing it to {@code onLine}; waits at most 5 minutes for {@code p} to end.
     */
    static List<String> watch(Process p, OnLine onLine) throws InterruptedException {
        List<String> err = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    err.add(line);
                    onLine.accept(line, err);
                }
            } catch (IOException | InterruptedException e) {
                err.add("reader: " + e);
            }
        });
        reader.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the sweep did not end:\n" + String.join("\n", err));
        }
        reader.join(10_000);
        return err;
    }

    /** Whether this process ignores SIGINT (bit 2 of {@code SigIgn} in /proc/self/status), as its children then do. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }

    /** {@code ffsweep ARGS} as the launcher runs it, in a JVM of its own with this test's class path. */
    private static ProcessBuilder ffsweep(List<String> args) {
        return ffsweep(List.of(), args);
    }

    /** The same, with {@code jvmOptions} added to the JVM's command line (e.g. {@code -Dspark.*} settings). */
    static ProcessBuilder ffsweep(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(System.getProperty("ffsweep.spark.jvm.opens").trim().split("\\s+")));
        cmd.add("-Dai.djl.offline=true");
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        cmd.add("-Dai.djl.pytorch.num_threads=2");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FfsweepMain.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
