package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ffsweep train} end to end on the MNIST sample in the repository ({@link MnistSample}, never
 * downloaded): one FF layer of 100 units, 5 steps on one chunk of 2,000 images.
 */
class TrainCommandIT {

    @TempDir
    Path tmp;

    @Test
    void trainsATinyTrialAndPrintsOneJsonResult() throws IOException {
        Path conf = Files.writeString(tmp.resolve("tiny.conf"), "ffsweep.trial.name = tiny-it\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            List<String> args = new ArrayList<>(List.of("train", conf.toString(),
                    "--set", "model.hidden-sizes=[100]",
                    "--set", "training.epochs=5",
                    "--set", "training.max-chunks=1",
                    "--set", "training.batch-size=2000",
                    "--set", "ff.threshold=1",
                    "--set", "metrics.every-steps=1",
                    "--set", "ffsweep.runtime.threads=2",
                    "--set", "ffsweep.runtime.device=cpu"));
            args.addAll(MnistSample.cliOverrides(tmp));
            code = FfsweepMain.run(args, o, e);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);

        assertEquals(FfsweepMain.OK, code, () -> "exit code; stderr:\n" + stderr);
        assertEquals(1, stdout.lines().count(), () -> "one line on stdout:\n" + stdout);
        JsonObject r = JsonParser.parseString(stdout).getAsJsonObject();
        assertTrue(r.get("trial_id").getAsString().matches("[0-9a-f]{16}"), r.get("trial_id").toString());
        assertEquals("completed", r.get("status").getAsString(), () -> "message: " + r.get("message"));
        assertEquals(5, r.get("steps").getAsLong());
        double accuracy = r.get("test_accuracy").getAsDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "test_accuracy " + accuracy);
        assertEquals(Set.of("data", "setup", "train", "eval"), r.getAsJsonObject("seconds").keySet());
        JsonObject versions = r.getAsJsonObject("versions");
        assertEquals("0.36.0", versions.get("djl").getAsString());
        assertEquals("2.7.1", versions.get("pytorch").getAsString());
        assertEquals("elu", r.getAsJsonObject("config").getAsJsonObject("model").get("activation").getAsString());
        assertEquals(5, rows(r.getAsJsonArray("layer_metrics")).filter(m -> layer(m) == 1).count(),
                () -> "layer 1 rows in " + r.get("layer_metrics"));
        assertEquals(1, r.getAsJsonArray("evaluations").size(), () -> r.get("evaluations").toString());
        assertTrue(stderr.lines().anyMatch(l -> l.startsWith("step 5/5 ")), () -> "stderr:\n" + stderr);
    }

    private static java.util.stream.Stream<JsonElement> rows(JsonArray a) {
        return StreamSupport.stream(a.spliterator(), false);
    }

    private static int layer(JsonElement row) {
        return row.getAsJsonObject().get("layer").getAsInt();
    }
}
