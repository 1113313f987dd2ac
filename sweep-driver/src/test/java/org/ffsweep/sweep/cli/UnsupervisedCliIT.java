package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show-data} and {@code train} of the unsupervised kinds end to end on the MNIST sample in the
 * repository ({@link MnistSample}, never downloaded), through the command line.
 */
class UnsupervisedCliIT {
    @TempDir
    Path tmp;

    private List<String> data;

    @BeforeEach
    void mnist() {
        data = MnistSample.cliOverrides(tmp);
    }

    private static Path conf(String name) {
        return Path.of(System.getProperty("user.dir")).resolveSibling("conf").resolve(name);
    }

    private CliHarness.Result run(String command, Path conf, String... more) {
        List<String> args = new ArrayList<>(List.of(command, conf.toString()));
        args.addAll(List.of(more));
        args.addAll(data);
        return CliHarness.run(args);
    }

    @Test
    void showDataWritesTheSheetsOfEachKind() throws Exception {
        record Case(String conf, List<String> files) {}
        // columns: class pairs: image, partner, hybrid, mask; hybrids: image, other, noise, mask, hybrid;
        // overlays: the positive and three epochs' negatives
        java.util.Map<String, Integer> columns = java.util.Map.of("class-pairs.png", 4, "hybrid.png", 5,
                "hybrid-edge-cases.png", 5, "overlay.png", 4);
        for (Case c : List.of(
                new Case("unsupervised-study.conf", List.of("class-pairs.png", "hybrid.png", "hybrid-edge-cases.png")),
                new Case("unsupervised-hinton.conf", List.of("hybrid.png", "hybrid-edge-cases.png")),
                new Case("quickstart.conf", List.of("overlay.png")))) {
            Path out = tmp.resolve(c.conf());
            CliHarness.Result r = run("show-data", conf(c.conf()), "--out", out.toString(), "--count", "3");
            assertEquals(FfsweepMain.OK, r.code(), r.err());
            List<String> expected = c.files().stream().map(f -> out.resolve(f).toString()).toList();
            assertEquals(expected, r.out().lines().toList());
            for (String f : expected) {
                BufferedImage img = ImageIO.read(Path.of(f).toFile());
                int n = columns.get(Path.of(f).getFileName().toString());
                assertEquals(2 * SheetPainter.MARGIN + n * 150 + (n - 1) * SheetPainter.GAP, img.getWidth(), f);
                assertTrue(img.getHeight() > 3 * 28 * SheetPainter.SCALE, f + ": three rows of pictures");
            }
        }
    }

    @Test
    void trainsATinyTrialOfTheStudysRecipeAndPrintsOneJsonResult() {
        CliHarness.Result r = run("train", conf("unsupervised-study.conf"),
                "--set", "model.hidden-sizes=[64, 64]",
                "--set", "training.batch-size=1000",
                "--set", "training.epochs=2",
                "--set", "training.train-limit=3000",
                "--set", "unsupervised.probe.epochs=3",
                "--set", "metrics.every-steps=1",
                "--set", "ffsweep.runtime.threads=2",
                "--set", "ffsweep.runtime.device=cpu");
        assertEquals(FfsweepMain.OK, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("completed", j.get("status").getAsString());
        assertEquals(6, j.get("steps").getAsLong());
        assertEquals("ff-class-pairs", j.getAsJsonObject("config").getAsJsonObject("model").get("kind").getAsString());
        assertEquals(10, j.getAsJsonObject("config").getAsJsonObject("unsupervised").get("blurRepeats").getAsInt());
        assertEquals(3, j.getAsJsonArray("evaluations").size(), "the end of each of the 3 chunks");
        double acc = j.get("test_accuracy").getAsDouble();
        // measured on the MNIST sample: 0.5835 (chance 0.1; 6 steps, 3 probe epochs)
        assertTrue(acc > 0.45, "a linear probe on 64 + 64 ReLU features of 3,000 images: " + acc);
        assertTrue(r.err().contains("eval  step 6"), r.err());
    }
}
