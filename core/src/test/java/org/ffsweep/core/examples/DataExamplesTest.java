package org.ffsweep.core.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.examples.ExampleImage.Shade;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

/** What show-data draws: the overlays, wrong labels, hybrids, masks and pairs a trial makes. */
class DataExamplesTest {
    private static final int D = 784;

    /** Random pixels (every image differs), label i % 10. */
    static ImageSet images(int n) {
        byte[] px = new byte[n * D];
        byte[] labels = new byte[n];
        SavableRandom r = new SavableRandom(1);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
            for (int j = 0; j < D; j++) {
                px[i * D + j] = (byte) r.nextInt(256);
            }
        }
        return new ImageSet(px, labels, n, D);
    }

    private static TrialConfig trial(String... overrides) {
        List<String> o = new ArrayList<>(List.of("training.batch-size=200"));
        o.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), o).trial();
    }

    /** The label an overlaid picture carries: the position of the value above zero among the first 10. */
    private static int overlaidLabel(ExampleImage im) {
        int label = -1;
        for (int j = 0; j < 10; j++) {
            if (im.values()[j] != 0f) {
                assertEquals(-1, label, "one overlay value");
                label = j;
            }
        }
        return label;
    }

    @Test
    void overlaysCarryTheTrueLabelOrAWrongOne() {
        ImageSet set = images(500);
        for (String mode : List.of("once", "random", "all")) {
            List<ExampleSheet> sheets = DataExamples.of(trial("ff.negatives=" + mode), set, 5);
            assertEquals(1, sheets.size());
            ExampleSheet s = sheets.get(0);
            assertEquals("overlay.png", s.fileName());
            assertEquals(mode.equals("all") ? 10 : 4, s.columns().size(), mode);
            assertEquals(5, s.rows().size());
            for (List<ExampleImage> row : s.rows()) {
                int truth = overlaidLabel(row.get(0));
                assertTrue(row.get(0).caption().equals("label " + truth), row.get(0).caption());
                assertEquals(DeviceImages.normalised(255), row.get(0).values()[truth], 1e-6, "the overlay value");
                assertEquals(10, row.get(0).overlay());
                Set<Integer> wrong = new HashSet<>();
                for (ExampleImage neg : row.subList(1, row.size())) {
                    int l = overlaidLabel(neg);
                    assertNotEquals(truth, l, "a negative never carries the true label");
                    wrong.add(l);
                    for (int j = 10; j < D; j++) {
                        assertEquals(row.get(0).values()[j], neg.values()[j], "same image under the overlay");
                    }
                }
                if (mode.equals("all")) {
                    assertEquals(9, wrong.size(), "all nine wrong labels");
                }
                if (mode.equals("once")) {
                    assertEquals(1, wrong.size(), "drawn once: the same wrong label every epoch");
                }
            }
        }
    }

    @Test
    void hybridsAreTheImageWhereTheMaskIsWhiteAndTheMaskIsTheThresholdedNoise() {
        ImageSet set = images(400);
        List<ExampleSheet> sheets = DataExamples.of(trial("model.kind=ff-unsupervised"), set, 4);
        assertEquals(List.of("hybrid.png", "hybrid-edge-cases.png"), sheets.stream().map(ExampleSheet::fileName).toList());
        for (ExampleSheet s : sheets) {
            assertEquals(4, s.rows().size());
            for (List<ExampleImage> row : s.rows()) {
                ExampleImage image = row.get(0);
                ExampleImage other = row.get(1);
                ExampleImage noise = row.get(2);
                ExampleImage mask = row.get(3);
                ExampleImage hybrid = row.get(4);
                assertEquals(Shade.STRETCHED, noise.shade());
                assertEquals(Shade.UNIT, mask.shade());
                int white = 0;
                for (int j = 0; j < D; j++) {
                    boolean keep = mask.values()[j] == 1f;
                    assertEquals(noise.values()[j] > 0.5f, keep, "mask = noise > 0.5");
                    assertEquals(keep ? image.values()[j] : other.values()[j], hybrid.values()[j]);
                    white += keep ? 1 : 0;
                }
                assertEquals(String.format(java.util.Locale.ROOT, "keeps %.0f%% of the image", 100.0 * white / D),
                        hybrid.caption());
            }
        }
        // the edge cases are the most one-sided masks of the batch: at least as one-sided as the first rows
        double firstRows = sheets.get(0).rows().stream().mapToDouble(r -> oneSided(r.get(3))).min().orElseThrow();
        double edge = sheets.get(1).rows().stream().mapToDouble(r -> oneSided(r.get(3))).min().orElseThrow();
        assertTrue(edge >= firstRows, edge + " vs " + firstRows);
        assertTrue(edge > 0.35, "the most one-sided of 200 masks keep under 15% (or over 85%): " + edge);
    }

    private static double oneSided(ExampleImage mask) {
        double white = 0;
        for (float v : mask.values()) {
            white += v;
        }
        return Math.abs(white / mask.values().length - 0.5);
    }

    @Test
    void classPairsShowTheSameClassPartnerAndTheHybrid() {
        ImageSet set = images(300);
        List<ExampleSheet> sheets = DataExamples.of(trial("model.kind=ff-class-pairs"), set, 6);
        assertEquals("class-pairs.png", sheets.get(0).fileName());
        assertEquals(3, sheets.size());
        for (List<ExampleImage> row : sheets.get(0).rows()) {
            assertEquals(row.get(0).caption(), row.get(1).caption(), "same label");
        }
        assertEquals(sheets.get(0).rows().get(0).get(2).values().length, D);
    }

    @Test
    void theTrialsSeedChoosesTheExamples() {
        ImageSet set = images(300);
        float[] a = DataExamples.of(trial("seed=1"), set, 2).get(0).rows().get(0).get(0).values();
        float[] b = DataExamples.of(trial("seed=1"), set, 2).get(0).rows().get(0).get(0).values();
        float[] c = DataExamples.of(trial("seed=2"), set, 2).get(0).rows().get(0).get(0).values();
        assertTrue(java.util.Arrays.equals(a, b));
        assertTrue(!java.util.Arrays.equals(a, c));
        assertEquals("inputs.png", DataExamples.of(trial("model.kind=backprop-mlp"), set, 2).get(0).fileName());
        assertThrows(IllegalArgumentException.class, () -> DataExamples.of(trial(), set, 0));
    }
}
