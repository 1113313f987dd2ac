package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ffsweep.core.config.Options.MaskPadding;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

/** Hybrid images take every pixel from the image or its partner, as the mask says. */
class HybridImagesTest {
    private static final int D = 784;

    /** n images, image i filled with the value i + 1 (so every pixel tells where it came from). */
    static ImageSet constantImages(int n) {
        byte[] px = new byte[n * D];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, i * D, (i + 1) * D, (byte) (i + 1));
            labels[i] = (byte) (i % 10);
        }
        return new ImageSet(px, labels, n, D);
    }

    @Test
    void everyPixelComesFromTheImageWhereTheMaskIsOneAndFromItsPartnerElsewhere() {
        ImageSet set = constantImages(60);
        int[] rows = {5, 17, 23, 42, 59, 0, 33};
        HybridImages h = HybridImages.make(set, rows, new HybridMasks(28, 10, MaskPadding.ZERO), new SavableRandom(4));
        int[] sortedRows = rows.clone();
        int[] sortedPartners = h.partners().clone();
        Arrays.sort(sortedRows);
        Arrays.sort(sortedPartners);
        assertArrayEquals(sortedRows, sortedPartners, "partners are a permutation of the batch");
        for (int i = 0; i < rows.length; i++) {
            int kept = 0;
            for (int j = 0; j < D; j++) {
                int expected = (h.masks()[i * D + j] == 1 ? rows[i] : h.partners()[i]) + 1;
                assertEquals(expected, h.pixels()[i * D + j]);
                kept += h.masks()[i * D + j];
            }
            assertEquals(kept / (double) D, h.maskFraction(i), 1e-12);
        }
    }

    @Test
    void makeIsAPermutationThenMasksFromTheSameStream() {
        ImageSet set = constantImages(30);
        int[] rows = {3, 1, 4, 15, 9, 26, 5};
        HybridMasks masks = new HybridMasks(28, 10, MaskPadding.ZERO);
        HybridImages made = HybridImages.make(set, rows, masks, new SavableRandom(8));
        SavableRandom r = new SavableRandom(8);
        int[] perm = org.ffsweep.core.util.Shuffle.shuffled(org.ffsweep.core.util.Shuffle.range(rows.length), r);
        int[] partners = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            partners[i] = rows[perm[i]];
        }
        HybridImages mixed = HybridImages.mix(set, rows, partners, masks.masks(rows.length, r.split()));
        assertArrayEquals(mixed.pixels(), made.pixels());
        assertArrayEquals(mixed.partners(), made.partners());
    }

    @Test
    void masksMustFitTheImages() {
        ImageSet set = constantImages(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HybridImages.make(set, new int[] {0, 1}, new HybridMasks(27, 1, MaskPadding.ZERO), new SavableRandom(1)));
        assertTrue(e.getMessage().contains("784"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> HybridImages.mix(set, new int[] {0, 1}, new int[] {1}, new byte[2 * D]));
    }
}
