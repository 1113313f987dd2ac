package org.ffsweep.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

class NegativeLabelsTest {
    private static int[] labels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % 10;
        }
        return l;
    }

    @Test
    void randomWrongLabelsAreNeverTheTrueOneAndCoverTheOtherNine() {
        int[] truth = labels(20000);
        int[] wrong = NegativeLabels.randomWrong(truth, new SavableRandom(1));
        int[][] counts = new int[10][10];
        for (int i = 0; i < truth.length; i++) {
            assertNotEquals(truth[i], wrong[i]);
            counts[truth[i]][wrong[i]]++;
        }
        for (int t = 0; t < 10; t++) {
            for (int w = 0; w < 10; w++) {
                if (w != t) {
                    // 2000 per true label, ~222 per wrong label: far from 0 and from 2000
                    assertTrue(counts[t][w] > 150 && counts[t][w] < 300, "count " + t + "->" + w + " = " + counts[t][w]);
                }
            }
        }
    }

    @Test
    void allCoversEveryWrongLabelOnce() {
        int[] truth = labels(37);
        int[] all = NegativeLabels.allWrong(truth);
        assertEquals(9 * truth.length, all.length);
        for (int i = 0; i < truth.length; i++) {
            Set<Integer> seen = new HashSet<>();
            for (int k = 0; k < 9; k++) {
                int w = all[k * truth.length + i];
                assertNotEquals(truth[i], w);
                seen.add(w);
            }
            assertEquals(9, seen.size());
        }
    }

    @Test
    void sameSeedSameLabels() {
        int[] truth = labels(100);
        assertEquals(java.util.Arrays.toString(NegativeLabels.randomWrong(truth, new SavableRandom(7))),
                java.util.Arrays.toString(NegativeLabels.randomWrong(truth, new SavableRandom(7))));
    }
}
