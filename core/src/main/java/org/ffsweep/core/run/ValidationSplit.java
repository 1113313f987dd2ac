package org.ffsweep.core.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * Holds images out of a training set as a validation set, stratified by label: each label gives
 * {@code size * count(label) / count} images, the remainders going to the labels with the largest
 * fractional parts (ties: the smaller label), and which images it gives is a shuffle of its rows
 * drawn from a stream of the trial's seed of its own (the trial's other streams are not touched).
 * The same seed and data give the same split in every JVM. The images that train keep their order.
 *
 * @param train the images left to train on
 * @param validation the held-out images, in ascending row order; null when none are held out
 * @param validationRows the held-out images' rows in the original training set, ascending
 */
public record ValidationSplit(ImageSet train, ImageSet validation, int[] validationRows) {
    /** Mixed into the seed so that the split's stream differs from the trial's own. */
    private static final long STREAM = 0x7661_6c69_6461_7465L; // "validate"

    public ValidationSplit {
        validationRows = validationRows.clone();
    }

    @Override
    public int[] validationRows() {
        return validationRows.clone();
    }

    /**
     * Splits {@code images}.
     *
     * @param size images to hold out; 0 = none ({@code images} itself trains)
     * @throws IllegalArgumentException when {@code size} leaves no training image
     */
    public static ValidationSplit of(ImageSet images, int size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("data.validation-size: " + size + " (expected 0 or more)");
        }
        if (size == 0) {
            return new ValidationSplit(images, null, new int[0]);
        }
        if (size >= images.count()) {
            throw new IllegalArgumentException("data.validation-size: " + size + " (expected fewer than the "
                    + images.count() + " training images)");
        }
        List<List<Integer>> byLabel = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            int label = images.label(i);
            while (byLabel.size() <= label) {
                byLabel.add(new ArrayList<>());
            }
            byLabel.get(label).add(i);
        }
        int[] quota = quotas(byLabel, size, images.count());
        SavableRandom rng = new SavableRandom(seed ^ STREAM);
        boolean[] held = new boolean[images.count()];
        for (int label = 0; label < byLabel.size(); label++) {
            int[] rows = byLabel.get(label).stream().mapToInt(Integer::intValue).toArray();
            int[] shuffled = Shuffle.shuffled(rows, rng);
            for (int k = 0; k < quota[label]; k++) {
                held[shuffled[k]] = true;
            }
        }
        int[] validationRows = new int[size];
        int[] trainRows = new int[images.count() - size];
        int v = 0;
        int t = 0;
        for (int i = 0; i < held.length; i++) {
            if (held[i]) {
                validationRows[v++] = i;
            } else {
                trainRows[t++] = i;
            }
        }
        return new ValidationSplit(subset(images, trainRows), subset(images, validationRows), validationRows);
    }

    /** Each label's share of {@code size}, by largest remainder. */
    private static int[] quotas(List<List<Integer>> byLabel, int size, int total) {
        int n = byLabel.size();
        int[] quota = new int[n];
        long[] remainder = new long[n];
        int given = 0;
        for (int l = 0; l < n; l++) {
            long exact = (long) size * byLabel.get(l).size();
            quota[l] = (int) (exact / total);
            remainder[l] = exact % total;
            given += quota[l];
        }
        Integer[] labels = new Integer[n];
        for (int l = 0; l < n; l++) {
            labels[l] = l;
        }
        Arrays.sort(labels, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a]) : a - b);
        for (int k = 0; given < size; k++, given++) {
            quota[labels[k]]++;
        }
        return quota;
    }

    private static ImageSet subset(ImageSet images, int[] rows) {
        int p = images.pixelsPerImage();
        byte[] px = new byte[rows.length * p];
        byte[] labels = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(images.pixels(), rows[i] * p, px, i * p, p);
            labels[i] = images.labels()[rows[i]];
        }
        return new ImageSet(px, labels, rows.length, p);
    }
}
