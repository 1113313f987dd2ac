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
}
