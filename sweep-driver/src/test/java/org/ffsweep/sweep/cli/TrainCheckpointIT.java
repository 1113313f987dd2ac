package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.TrialCheckpoint;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ffsweep train --checkpoint-dir} in a JVM of its own, killed with SIGKILL once it has
 * saved a checkpoint and run again: the second run continues from the checkpoint and prints the
 * result of an uninterrupted run (every recorded loss, goodness and accuracy, validation included),
 * and the finished trial's checkpoint is gone.
 */
class TrainCheckpointIT {
    private static final int STEPS = 300;

    @TempDir
    Path dir;

    @Test
    void aTrialKilledMidWayAndRunAgainEndsWithTheNumbersOfAnUninterruptedRun() throws Exception {
        Path conf = Files.writeString(dir.resolve("long.conf"), """
                ffsweep.trial {
                  data { validation-size = 200 }
                  model { hidden-sizes = [32, 32], dropout = 0.2 }
                  ff { threshold = 1, negatives = random }
                  training { batch-size = 1000, epochs = 150, train-limit = 2000 }
                  metrics { every-steps = 20, train-eval-size = 500 }
                }
                ffsweep.checkpoint { every = 0s, every-steps = 25 }
                """);
        List<String> common = new ArrayList<>(List.of("train", conf.toString()));
        common.addAll(MnistSample.cliOverrides(dir));

        Run whole = run(common);
        assertEquals(0, whole.exit, whole.err);

        Path ckpt = dir.resolve("ckpt");
        List<String> withCheckpoints = new ArrayList<>(common);
        withCheckpoints.addAll(List.of("--checkpoint-dir", ckpt.toString()));
        Process p = ffsweep(withCheckpoints).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile())
                .start();
        Path file = ckpt.resolve(Checkpointing.NAME);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        String killedLog = Files.readString(dir.resolve("killed.log"));
        assertNotEquals(0, p.exitValue(), "killed, not finished:\n" + killedLog);
        long savedAt;
        try (InputStream in = Files.newInputStream(file)) {
            savedAt = TrialCheckpoint.readFrom(in, file.toString()).step();
        }
        assertTrue(savedAt > 0 && savedAt < STEPS, "checkpoint at step " + savedAt);

        Run resumed = run(withCheckpoints);
        assertEquals(0, resumed.exit, resumed.err);
        assertTrue(resumed.err.contains("continuing from " + Checkpointing.NAME), resumed.err);
        assertFalse(Files.exists(file), "the finished trial's checkpoint is deleted");

        JsonObject a = withoutTimes(whole.json());
        JsonObject b = withoutTimes(resumed.json());
        assertEquals(STEPS, a.get("steps").getAsLong());
        assertFalse(a.get("validation_accuracy").isJsonNull(), "validation accuracy recorded");
        assertEquals(a.get("layer_metrics"), b.get("layer_metrics"));
        assertEquals(a.get("evaluations"), b.get("evaluations"));
        assertEquals(a, b);
    }

    private static JsonObject withoutTimes(JsonObject o) {
        JsonObject c = o.deepCopy();
        c.remove("seconds");
        for (JsonElement e : c.getAsJsonArray("evaluations")) {
            e.getAsJsonObject().remove("seconds");
        }
        return c;
    }

    private record Run(int exit, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }
    }

    private Run run(List<String> args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".json");
        Path err = Files.createTempFile(dir, "err", ".log");
        Process p = ffsweep(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("train did not end:\n" + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code ffsweep ARGS} as the launcher runs it, in a JVM of its own with this test's class path. */
    private static ProcessBuilder ffsweep(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(System.getProperty("ffsweep.spark.jvm.opens").trim().split("\\s+")));
        cmd.add("-Dai.djl.offline=true");
        if (System.getProperty("DJL_CACHE_DIR") != null) {
            cmd.add("-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"));
        }
        cmd.add("-Dai.djl.pytorch.num_threads=1");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FfsweepMain.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
