package org.ffsweep.core.util;

/** Index permutations. */
public final class Shuffle {
    private Shuffle() {}

    /** 0, 1, ..., n - 1. */
    public static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A Fisher-Yates shuffled copy of {@code a}. */
    public static int[] shuffled(int[] a, SavableRandom rng) {
        int[] r = a.clone();
        for (int i = r.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
        }
        return r;
    }
}
