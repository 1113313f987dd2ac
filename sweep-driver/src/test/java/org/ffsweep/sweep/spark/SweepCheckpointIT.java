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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sweep killed with SIGKILL while a trial is half-way continues that trial from its checkpoint
 * when run again, and ends with the numbers of an uninterrupted sweep, every trial once: trials
 * alone ({@code packing.max-trials = 1}) and in a pack of two (each member from its own checkpoint).
 */
class SweepCheckpointIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "packs of at most {0}")
    @ValueSource(ints = {1, 2})
    void aKilledSweepContinuesItsTrialsFromTheirCheckpoints(int packs) throws Exception {
        Path sweep = dir.resolve("ckpt-sweep.conf");
        Files.writeString(sweep, """
                ffsweep.trial {
                  model { hidden-sizes = [64], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 30, train-limit = 1000 }
                  metrics { every-steps = 5, eval-every-steps = 20 }
                }
                ffsweep.checkpoint.every-steps = 5
                ffsweep.runtime.concurrent-trials = 1
                ffsweep.sweep {
                  name = ckpt
                  grid { "ff.threshold" = [0.5, 1] }
                  packing { max-trials = %d, measure = false }
                }
                """.formatted(packs));
        List<String> data = MnistSample.cliOverrides(dir);
        Path whole = dir.resolve("whole");
        CliHarness.Result r = CliHarness.run(args(sweep, whole, data));
        assertEquals(0, r.code(), r.err());

        Path out = dir.resolve("killed");
        Process first = CliHarness.start(args(sweep, out, data), dir.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (checkpoints(out) == 0 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(checkpoints(out) > 0, "killed with a checkpoint: " + Files.readString(dir.resolve("first.log")));

        CliHarness.Result again = CliHarness.run(args(sweep, out, data));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("continues from its checkpoint"), again.err());
        if (packs > 1) {
            assertTrue(again.err().contains("packs of 2 (not measured)"), again.err());
        }
        String q = "SELECT trial_id, status, steps, train_accuracy, test_accuracy, error_message FROM trials ORDER BY trial_id";
        assertEquals(sql(whole, q), sql(out, q));
        String e = "SELECT trial_id, step, layer, loss FROM epochs ORDER BY trial_id, step, layer";
        if (packs == 1) {
            assertEquals(sql(whole, e), sql(out, e));
        } else {
            // members killed between their saves continue as packs of their own: float rounding apart
            List<String> a = sql(whole, e).lines().toList();
            List<String> b = sql(out, e).lines().toList();
            assertEquals(a.size(), b.size());
            for (int i = 1; i < a.size(); i++) {
                String[] x = a.get(i).split(",");
                String[] y = b.get(i).split(",");
                assertEquals(String.join(",", List.of(x).subList(0, 3)), String.join(",", List.of(y).subList(0, 3)));
                double lx = Double.parseDouble(x[3]);
                double ly = Double.parseDouble(y[3]);
                assertTrue(Math.abs(lx - ly) <= 1e-4 * Math.max(Math.abs(lx), 1e-6), a.get(i) + " vs " + b.get(i));
            }
        }
        assertEquals(0, checkpoints(out), "checkpoints of finished trials are deleted");
    }

    private static long checkpoints(Path out) throws java.io.IOException {
        Path c = out.resolve("_checkpoints");
        if (!Files.isDirectory(c)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(c)) {
            return s.filter(p -> p.getFileName().toString().equals("trial.ckpt")).count();
        }
    }

    private static List<String> args(Path sweep, Path out, List<String> data) {
        List<String> a = new ArrayList<>(List.of("sweep", sweep.toString(), "--out", out.toString()));
        a.addAll(data);
        return a;
    }

    private static String sql(Path out, String query) {
        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", query));
        assertEquals(0, q.code(), q.err());
        return q.out();
    }
}
