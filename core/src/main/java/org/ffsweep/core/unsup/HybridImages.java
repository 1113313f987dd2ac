package org.ffsweep.core.unsup;

import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
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
    public static HybridImages make(ImageSet set, int[] rows, HybridMasks maskMaker, SavableRandom rng) {
        int n = rows.length;
        if (maskMaker.side() * maskMaker.side() != set.pixelsPerImage()) {
            throw new IllegalArgumentException(maskMaker + " does not fit images of " + set.pixelsPerImage() + " pixels");
        }
        int[] perm = Shuffle.shuffled(Shuffle.range(n), rng);
        int[] partners = new int[n];
        for (int i = 0; i < n; i++) {
            partners[i] = rows[perm[i]];
        }
        return mix(set, rows, partners, maskMaker.masks(n, rng.split()));
    }

    /** Image {@code rows[i]} where {@code masks} is 1, image {@code partners[i]} where it is 0. */
    public static HybridImages mix(ImageSet set, int[] rows, int[] partners, byte[] masks) {
        int n = rows.length;
        int d = set.pixelsPerImage();
        if (partners.length != n || masks.length != n * d) {
            throw new IllegalArgumentException(n + " images need " + n + " partners and " + n * d
                    + " mask values, got " + partners.length + " and " + masks.length);
        }
        byte[] px = set.pixels();
        byte[] out = new byte[n * d];
        for (int i = 0; i < n; i++) {
            int a = rows[i] * d;
            int b = partners[i] * d;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = masks[i * d + j] != 0 ? px[a + j] : px[b + j];
            }
        }
        return new HybridImages(partners.clone(), masks, out);
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
