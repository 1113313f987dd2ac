package org.ffsweep.core.train;

import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.SavableRandom;

/** Wrong labels for negative data. Never the true label. */
public final class NegativeLabels {
    private NegativeLabels() {}

    /** A uniformly random wrong label for each true label. */
    public static int[] randomWrong(int[] labels, SavableRandom rng) {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = (labels[i] + 1 + rng.nextInt(OverlayBatch.CLASSES - 1)) % OverlayBatch.CLASSES;
        }
        return out;
    }

    /** All nine wrong labels of each sample: block k (of n rows) holds label + k + 1 (mod 10). */
    public static int[] allWrong(int[] labels) {
        int n = labels.length;
        int[] out = new int[n * (OverlayBatch.CLASSES - 1)];
        for (int k = 0; k < OverlayBatch.CLASSES - 1; k++) {
            for (int i = 0; i < n; i++) {
                out[k * n + i] = (labels[i] + k + 1) % OverlayBatch.CLASSES;
            }
        }
        return out;
    }

    /** Positives then negatives: the overlay labels of one training step. */
    public static int[] concat(int[] positives, int[] negatives) {
        int[] out = new int[positives.length + negatives.length];
        System.arraycopy(positives, 0, out, 0, positives.length);
        System.arraycopy(negatives, 0, out, positives.length, negatives.length);
        return out;
    }
}
