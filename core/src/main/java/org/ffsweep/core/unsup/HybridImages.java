package org.ffsweep.core.unsup;

import java.util.SplittableRandom;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.Shuffle;

/**
 * Hybrid images, the negative data of unsupervised FF: {@code x * mask + x' * (1 - mask)}, where
 * {@code x'} is another image of the same batch (a random permutation of the batch, as the
 * study's code draws it) and the mask comes from {@link HybridMasks}. Pixels stay unsigned bytes:
 * a mask of zeros and ones only selects pixels, so mixing before or after MNIST's normalisation
 * gives the same values.
 *
 * @param partners the training row mixed into each image (row {@code i} of the batch gets
 *     {@code partners[i]} where its mask is 0)
 * @param masks {@code n x pixels} zeros and ones
 * @param pixels {@code n x pixels} the hybrid images
 */
public record HybridImages(int[] partners, byte[] masks, byte[] pixels) {

    /** Hybrids for {@code rows} of {@code set}: a partner permutation, then masks, both from {@code rng}. */
    public static HybridImages make(ImageSet set, int[] rows, HybridMasks maskMaker, SplittableRandom rng) {
        int n = rows.length;
        int d = set.pixelsPerImage();
        if (maskMaker.side() * maskMaker.side() != d) {
            throw new IllegalArgumentException(maskMaker + " does not fit images of " + d + " pixels");
        }
        int[] perm = Shuffle.shuffled(Shuffle.range(n), rng);
        int[] partners = new int[n];
        for (int i = 0; i < n; i++) {
            partners[i] = rows[perm[i]];
        }
        byte[] masks = maskMaker.masks(n, rng.split());
        byte[] px = set.pixels();
        byte[] out = new byte[n * d];
        for (int i = 0; i < n; i++) {
            int a = rows[i] * d;
            int b = partners[i] * d;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = masks[i * d + j] != 0 ? px[a + j] : px[b + j];
            }
        }
        return new HybridImages(partners, masks, out);
    }

    public int size() {
        return partners.length;
    }

    /** The fraction of image {@code i}'s pixels taken from the image itself (mask = 1). */
    public double maskFraction(int i) {
        int d = masks.length / partners.length;
        int ones = 0;
        for (int j = 0; j < d; j++) {
            ones += masks[i * d + j];
        }
        return (double) ones / d;
    }
}
