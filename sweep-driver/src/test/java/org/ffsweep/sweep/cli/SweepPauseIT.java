package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local-mode sweep whose JVM is paused (SIGSTOP, as a laptop's sleep or a debugger does) for longer
 * than Spark's heartbeat timeout, then continued, finishes its trial. Without
 * {@link SparkSessions#withLocalDefaults}'s heartbeat timeout, the driver's heartbeat receiver sees
 * no heartbeat for longer than the timeout on waking, declares the in-process executor lost, and
 * the trial is lost with it. The test shrinks Spark's timeouts (network timeout 4 s, heartbeats
 * every second, checked every second, given up after 3 failures) so that a 9 s pause shows what
 * 2.5 minutes do with Spark's defaults.
 */
class SweepPauseIT {
    @TempDir
    Path dir;

    @Test
    void aPauseLongerThanTheHeartbeatTimeoutLosesNothing() throws Exception {
        Path sweep = Files.writeString(dir.resolve("pause.conf"), """
                ffsweep.trial {
                  model { hidden-sizes = [64], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 100, epochs = 100, train-limit = 2000 }
                  metrics.eval-every-steps = 0
                }
                ffsweep.sweep { name = pause, grid { "ff.threshold" = [1] } }
                """);
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString(), "--set",
                "ffsweep.runtime.concurrent-trials=1", "--set", "ffsweep.sweep.packing.max-trials=1"));
        args.addAll(MnistSample.cliOverrides(dir));
        Process p = ffsweep(args).start();
        AtomicBoolean paused = new AtomicBoolean();
        List<String> err = SweepInterruptIT.watch(p, (line, lines) -> {
            if (line.startsWith("started ") && !paused.getAndSet(true)) {
                Thread.sleep(2_000); // into the trial's training
                signal("STOP", p.pid());
                Thread.sleep(9_000);
                signal("CONT", p.pid());
                lines.add("(test: paused for 9 s)");
            }
        });
        String text = String.join("\n", err);
        assertTrue(err.contains("(test: paused for 9 s)"), "the sweep was paused during its trial: " + text);
        assertEquals(0, p.exitValue(), text);
        assertTrue(err.stream().anyMatch(l -> l.matches("\\[1/1\\] \\w+ .*")), "the trial finished: " + text);
        try (var trials = Files.list(out.resolve("trials"))) {
            assertEquals(1, trials.filter(t -> t.getFileName().toString().startsWith("trial_id=")).count(), text);
        }
        // the pause fell inside the trial's task, in its first attempt: else this test shows nothing
        CliHarness.Result sql = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT seconds_task >= 9 AS paused_inside, task_attempt, status FROM trials"));
        assertEquals(0, sql.code(), sql.err());
        assertEquals(List.of("paused_inside,task_attempt,status", "true,0,completed"), sql.out().lines().toList(),
                text);
    }

    private static void signal(String name, long pid) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor();
        if (code != 0) {
            throw new IOException("kill -" + name + " " + pid + " exited with " + code);
        }
    }

    /**
     * {@code ffsweep ARGS} in a JVM of its own, with Spark's timeouts shrunk by system properties
     * (which {@code new SparkConf()} reads, as from spark-submit's --conf).
     */
    private static ProcessBuilder ffsweep(List<String> args) {
        return SweepInterruptIT.ffsweep(List.of("-Dspark.network.timeout=4s", "-Dspark.network.timeoutInterval=1s",
                "-Dspark.executor.heartbeatInterval=1s", "-Dspark.executor.heartbeat.maxFailures=3"), args);
    }
}
