package org.ffsweep.core.unsup;

import java.util.Arrays;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;

/**
 * The second image of a positive pair in the study's recipe: another training image of the same
 * class, drawn uniformly from the training images in use (the study's {@code pairpos} draws from
 * all training images of the class, the image itself included). This is where that recipe uses
 * the labels.
 */
public final class ClassPartners {
    private final int[][] byClass;
    private final ImageSet set;

    /** Partners are drawn from {@code rows} of {@code set}. */
    public ClassPartners(ImageSet set, int[] rows) {
        this.set = set;
        int classes = 0;
        for (int r : rows) {
            classes = Math.max(classes, set.label(r) + 1);
        }
        int[] counts = new int[classes];
        for (int r : rows) {
            counts[set.label(r)]++;
        }
        byClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            byClass[c] = new int[counts[c]];
        }
        Arrays.fill(counts, 0);
        for (int r : rows) {
            int c = set.label(r);
            byClass[c][counts[c]++] = r;
        }
    }

    /** For each of {@code rows}, a random training row of the same class. */
    public int[] draw(int[] rows, SavableRandom rng) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int c = set.label(rows[i]);
            if (c >= byClass.length || byClass[c].length == 0) {
                throw new IllegalArgumentException("no training image of class " + c + " to pair row " + rows[i] + " with");
            }
            int[] same = byClass[c];
            out[i] = same[rng.nextInt(same.length)];
        }
        return out;
    }
}
