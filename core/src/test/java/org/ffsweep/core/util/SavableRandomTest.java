package org.ffsweep.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SavableRandomTest {

    @ParameterizedTest
    @ValueSource(longs = {0L, 1L, 42L, -7L, Long.MIN_VALUE, 0x9e3779b97f4a7c15L})
    void drawsWhatSplittableRandomDrawsIncludingSplitStreams(long seed) {
        SplittableRandom jdk = new SplittableRandom(seed);
        SavableRandom ours = new SavableRandom(seed);
        for (int round = 0; round < 200; round++) {
            compare(jdk, ours, round);
            if (round % 7 == 0) {
                jdk = jdk.split();
                ours = ours.split();
            }
        }
    }

    private static void compare(SplittableRandom jdk, SavableRandom ours, int round) {
        for (int i = 0; i < 50; i++) {
            assertEquals(jdk.nextLong(), ours.nextLong());
            assertEquals(jdk.nextInt(), ours.nextInt());
            assertEquals(jdk.nextDouble(), ours.nextDouble());
            // powers of two, small odd bounds, and bounds near 2^31 where rejection happens often
            for (int bound : new int[] {1, 2, 9, 10, 64, 1000, 60_000, (1 << 30) + 1, Integer.MAX_VALUE}) {
                assertEquals(jdk.nextInt(bound), ours.nextInt(bound), "round " + round + " bound " + bound);
            }
        }
        SplittableRandom jdkChild = jdk.split();
        SavableRandom ourChild = ours.split();
        for (int i = 0; i < 20; i++) {
            assertEquals(jdkChild.nextLong(), ourChild.nextLong());
        }
    }

    @Test
    void aRestoredStateContinuesTheStream() {
        SavableRandom a = new SavableRandom(3);
        a.split();
        a.nextInt(10);
        long[] saved = a.state();
        long[] expected = {a.nextLong(), a.split().nextLong(), a.nextInt(7)};
        SavableRandom b = SavableRandom.of(saved);
        assertArrayEquals(expected, new long[] {b.nextLong(), b.split().nextLong(), b.nextInt(7)});
    }

    @Test
    void refusesBadStatesAndBounds() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SavableRandom.of(new long[] {1, 2}))
                .getMessage().contains("even gamma"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SavableRandom.of(new long[] {1}))
                .getMessage().contains("1 values"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SavableRandom(1).nextInt(0))
                .getMessage().contains("positive"));
    }

    /** {@link SavableRandom#fillKeepMask} against the plain loop it replaces: four 16-bit fields per draw, lowest first. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 13, 1001, 40_000})
    void keepMaskIsTheLoopOfNextLongsItReplaces(int size) {
        for (int keepBelow : new int[] {0, 1, 32_768, 52_429, 65_535, 65_536}) {
            SavableRandom fast = new SavableRandom(42L + size);
            SavableRandom slow = new SavableRandom(42L + size);
            float[] got = new float[size + 3];
            float[] want = new float[size + 3];
            java.util.Arrays.fill(got, -1f); // values past size stay as they were
            java.util.Arrays.fill(want, -1f);
            fast.fillKeepMask(got, size, keepBelow, 1.25f);
            int i = 0;
            while (i < size) {
                long bits = slow.nextLong();
                for (int k = 0; k < 4 && i < size; k++, i++) {
                    want[i] = ((int) (bits & 0xFFFF)) < keepBelow ? 1.25f : 0f;
                    bits >>>= 16;
                }
            }
            assertArrayEquals(want, got, "size " + size + ", keepBelow " + keepBelow);
            for (float v : got) {
                assertTrue(Float.floatToRawIntBits(v) != Float.floatToRawIntBits(-0f), "no negative zeros");
            }
            assertEquals(slow.nextLong(), fast.nextLong(), "the stream goes on where the loop leaves it");
        }
        assertThrows(IllegalArgumentException.class, () -> new SavableRandom(1).fillKeepMask(new float[4], 4, 65_537, 1f));
    }
}
