package org.ffsweep.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

class DropoutMasksTest {

    @Test
    void keepsAboutOneMinusPAndScalesWhatItKeeps() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.ones(new Shape(1000, 100));
            float[] y = new DropoutMasks(0.2, true, new SavableRandom(1)).apply(x).toFloatArray();
            int kept = 0;
            for (float v : y) {
                if (v != 0f) {
                    assertEquals(1.25f, v, 1e-6f);
                    kept++;
                }
            }
            assertEquals(0.8, kept / 100000.0, 0.005);
        }
    }

    @Test
    void sameSeedSameMaskAndZeroIsTheIdentity() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // apply works in place: give each call its own input
            float[] a = new DropoutMasks(0.5, true, new SavableRandom(3)).apply(m.arange(0f, 600f)).toFloatArray();
            float[] b = new DropoutMasks(0.5, true, new SavableRandom(3)).apply(m.arange(0f, 600f)).toFloatArray();
            assertArrayEquals(a, b);
            NDArray x = m.arange(0f, 600f);
            assertSame(x, new DropoutMasks(0, true, new SavableRandom(3)).apply(x));
            assertArrayEquals(m.arange(0f, 600f).toFloatArray(), x.toFloatArray());
        }
    }

    @Test
    void skipLeavesTheStreamWhereApplyLeavesIt() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            DropoutMasks applied = new DropoutMasks(0.3, true, new SavableRandom(5));
            DropoutMasks skipped = new DropoutMasks(0.3, true, new SavableRandom(5));
            applied.apply(m.ones(new Shape(7, 90)));
            skipped.skip();
            float[] a = applied.apply(m.ones(new Shape(40, 50))).toFloatArray();
            float[] b = skipped.apply(m.ones(new Shape(40, 50))).toFloatArray();
            assertArrayEquals(a, b);
            assertEquals(applied.random().nextLong(), skipped.random().nextLong());
        }
    }
}
