package org.ffsweep.core.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.examples.ExampleImage.Shade;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.NegativeLabels;
import org.ffsweep.core.unsup.ClassPartners;
import org.ffsweep.core.unsup.HybridImages;
import org.ffsweep.core.unsup.HybridMasks;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * Positive and negative examples as a trial makes them, with the code its training uses: label
 * overlays and wrong labels ({@link NegativeLabels}) for {@code ff}; hybrid images, their masks
 * and the noise the masks come from ({@link HybridMasks}, {@link HybridImages}) and same-class
 * partners ({@link ClassPartners}) for the unsupervised kinds. Random choices come from the
 * trial's seed. Pure Java: no engine.
 */
public final class DataExamples {
    private static final int EPOCHS_SHOWN = 3;

    private DataExamples() {}

    /** The sheets for {@code trial}: {@code count} examples each, from the training images {@code train}. */
    public static List<ExampleSheet> of(TrialConfig trial, ImageSet train, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be > 0, got " + count);
        }
        SavableRandom rng = new SavableRandom(trial.seed());
        int[] order = Shuffle.shuffled(Shuffle.range(train.count()), rng.split());
        if (trial.training().trainLimit() > 0 && trial.training().trainLimit() < order.length) {
            order = Arrays.copyOf(order, trial.training().trainLimit());
        }
        int[] batch = Arrays.copyOf(order, Math.min(order.length, trial.training().batchSize()));
        int[] shown = Arrays.copyOf(batch, Math.min(count, batch.length));
        ModelKind kind = trial.model().kind();
        return switch (kind) {
            case FF -> List.of(overlaySheet(trial, train, shown, rng.split()));
            case BACKPROP_MLP -> List.of(inputSheet(trial, train, shown));
            case FF_UNSUPERVISED, FF_CLASS_PAIRS -> {
                List<ExampleSheet> sheets = new ArrayList<>();
                Hybrids h = hybrids(trial, train, batch, rng.split());
                if (kind == ModelKind.FF_CLASS_PAIRS) {
                    int[] partners = new ClassPartners(train, order).draw(shown, rng.split());
                    sheets.add(pairSheet(trial, train, shown, partners, h));
                }
                sheets.add(hybridSheet(trial, train, h, IntStream.range(0, shown.length).toArray()));
                sheets.add(edgeCaseSheet(trial, train, h, shown.length));
                yield sheets;
            }
        };
    }

    private static ExampleSheet overlaySheet(TrialConfig trial, ImageSet train, int[] rows, SavableRandom rng) {
        FFConfig ff = trial.ff();
        int[] labels = labels(train, rows);
        float max = overlayValue(train, rows);
        List<String> columns = new ArrayList<>(List.of("positive: true label"));
        List<int[]> negatives = new ArrayList<>();
        if (ff.negatives() == NegativeMode.ALL) {
            int[] all = NegativeLabels.allWrong(labels);
            for (int k = 0; k < OverlayBatch.CLASSES - 1; k++) {
                negatives.add(Arrays.copyOfRange(all, k * rows.length, (k + 1) * rows.length));
                columns.add("negative " + (k + 1) + " of 9");
            }
        } else {
            int[] once = NegativeLabels.randomWrong(labels, rng);
            for (int e = 1; e <= EPOCHS_SHOWN; e++) {
                negatives.add(ff.negatives() == NegativeMode.ONCE ? once : NegativeLabels.randomWrong(labels, rng));
                columns.add("negative, epoch " + e);
            }
        }
        List<List<ExampleImage>> grid = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            List<ExampleImage> row = new ArrayList<>();
            row.add(overlaid(train, rows[i], labels[i], max, "label " + labels[i]));
            for (int[] neg : negatives) {
                row.add(overlaid(train, rows[i], neg[i], max, "label " + neg[i] + " (true " + labels[i] + ")"));
            }
            grid.add(row);
        }
        String how = switch (ff.negatives()) {
            case ONCE -> "one wrong label per image, drawn once before training";
            case RANDOM -> "a new random wrong label every epoch";
            case ALL -> "all nine wrong labels, every step";
        };
        return new ExampleSheet("overlay.png", trial.name() + ": the label overlaid on the first 10 pixels (outlined);"
                + " ff.negatives = " + ff.negatives().key() + ": " + how, columns, grid);
    }

    private static ExampleSheet inputSheet(TrialConfig trial, ImageSet train, int[] rows) {
        List<List<ExampleImage>> grid = new ArrayList<>();
        for (int row : rows) {
            grid.add(List.of(image(train, row, "label " + train.label(row))));
        }
        return new ExampleSheet("inputs.png", trial.name() + ": backprop-mlp trains on the plain images and their labels",
                List.of("image"), grid);
    }

    /** A batch's hybrids, with the noise their masks were thresholded from. */
    private record Hybrids(int[] rows, HybridImages images, float[] noise, int side) {}

    /** The hybrids of {@code batch} exactly as {@link HybridImages#make} draws them from the same stream. */
    private static Hybrids hybrids(TrialConfig trial, ImageSet train, int[] batch, SavableRandom rng) {
        HybridMasks masks = new HybridMasks(HybridMasks.sideOf(train.pixelsPerImage()), trial.unsupervised().blurRepeats(),
                trial.unsupervised().maskPadding());
        int[] perm = Shuffle.shuffled(Shuffle.range(batch.length), rng);
        int[] partners = new int[batch.length];
        for (int i = 0; i < batch.length; i++) {
            partners[i] = batch[perm[i]];
        }
        float[] noise = masks.blurredNoise(batch.length, rng.split());
        return new Hybrids(batch, HybridImages.mix(train, batch, partners, HybridMasks.threshold(noise)), noise,
                masks.side());
    }

    private static ExampleSheet pairSheet(TrialConfig trial, ImageSet train, int[] rows, int[] partners, Hybrids h) {
        List<List<ExampleImage>> grid = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            grid.add(List.of(
                    image(train, rows[i], "label " + train.label(rows[i])),
                    image(train, partners[i], "label " + train.label(partners[i])),
                    hybrid(train, h, i),
                    mask(h, i)));
        }
        return new ExampleSheet("class-pairs.png", trial.name() + ": ff-class-pairs (the study's recipe) - positive pair ="
                + " (image, another training image of its class: needs labels), negative pair = (image, hybrid)",
                List.of("image", "positive partner", "negative partner", "its mask (white: image)"), grid);
    }

    private static ExampleSheet hybridSheet(TrialConfig trial, ImageSet train, Hybrids h, int[] shown) {
        List<List<ExampleImage>> grid = new ArrayList<>();
        for (int i : shown) {
            grid.add(hybridRow(train, h, i));
        }
        return new ExampleSheet("hybrid.png", trial.name() + ": hybrid negative = image x mask + other x (1 - mask);"
                + " mask = uniform noise blurred " + trial.unsupervised().blurRepeats() + " times with [1/4, 1/2, 1/4]"
                + " horizontally and vertically (" + trial.unsupervised().maskPadding().key() + " padding), > 0.5",
                hybridColumns(), grid);
    }

    private static ExampleSheet edgeCaseSheet(TrialConfig trial, ImageSet train, Hybrids h, int count) {
        int[] extreme = IntStream.range(0, h.rows().length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(h.images().maskFraction(i) - 0.5))
                        .thenComparingInt(i -> i))
                .limit(count).mapToInt(Integer::intValue).toArray();
        List<List<ExampleImage>> grid = new ArrayList<>();
        for (int i : extreme) {
            grid.add(hybridRow(train, h, i));
        }
        return new ExampleSheet("hybrid-edge-cases.png", trial.name() + ": the " + count + " most one-sided masks of "
                + h.rows().length + " (one training batch): such negatives are nearly a real image", hybridColumns(), grid);
    }

    private static List<String> hybridColumns() {
        return List.of("image", "other image", "blurred noise", "mask (white: image)", "hybrid (negative)");
    }

    private static List<ExampleImage> hybridRow(ImageSet train, Hybrids h, int i) {
        int px = h.side() * h.side();
        float[] noise = Arrays.copyOfRange(h.noise(), i * px, (i + 1) * px);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : noise) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int other = h.images().partners()[i];
        return List.of(
                image(train, h.rows()[i], "label " + train.label(h.rows()[i])),
                image(train, other, "label " + train.label(other)),
                new ExampleImage(String.format(Locale.ROOT, "%.3f .. %.3f", lo, hi), noise, h.side(), h.side(),
                        Shade.STRETCHED, 0),
                mask(h, i),
                hybrid(train, h, i));
    }

    private static ExampleImage hybrid(ImageSet train, Hybrids h, int i) {
        int d = train.pixelsPerImage();
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            v[j] = DeviceImages.normalised(h.images().pixels()[i * d + j]);
        }
        return new ExampleImage(String.format(Locale.ROOT, "keeps %.0f%% of the image", 100 * h.images().maskFraction(i)),
                v, h.side(), h.side(), Shade.NORMALISED, 0);
    }

    private static ExampleImage mask(Hybrids h, int i) {
        int px = h.side() * h.side();
        float[] v = new float[px];
        for (int j = 0; j < px; j++) {
            v[j] = h.images().masks()[i * px + j];
        }
        return new ExampleImage(String.format(Locale.ROOT, "%.0f%% white", 100 * h.images().maskFraction(i)), v,
                h.side(), h.side(), Shade.UNIT, 0);
    }

    private static ExampleImage image(ImageSet set, int row, String caption) {
        int d = set.pixelsPerImage();
        int side = HybridMasks.sideOf(d);
        float[] v = new float[d];
        for (int j = 0; j < d; j++) {
            v[j] = DeviceImages.normalised(set.pixels()[row * d + j]);
        }
        return new ExampleImage(caption, v, side, side, Shade.NORMALISED, 0);
    }

    /** The study's overlay: the first 10 values zeroed, value {@code label} set to {@code max}. */
    private static ExampleImage overlaid(ImageSet set, int row, int label, float max, String caption) {
        ExampleImage plain = image(set, row, caption);
        float[] v = plain.values();
        Arrays.fill(v, 0, OverlayBatch.CLASSES, 0f);
        v[label] = max;
        return new ExampleImage(caption, v, plain.width(), plain.height(), Shade.NORMALISED, OverlayBatch.CLASSES);
    }

    /** The overlay value: the largest normalised value of the images (the study: of the batch). */
    private static float overlayValue(ImageSet set, int[] rows) {
        float max = Float.NEGATIVE_INFINITY;
        int d = set.pixelsPerImage();
        for (int row : rows) {
            for (int j = 0; j < d; j++) {
                max = Math.max(max, DeviceImages.normalised(set.pixels()[row * d + j]));
            }
        }
        return max;
    }

    private static int[] labels(ImageSet set, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = set.label(rows[i]);
        }
        return out;
    }
}
