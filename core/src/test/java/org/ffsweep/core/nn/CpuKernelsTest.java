package org.ffsweep.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Supplier;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU kernels give bit for bit the numbers of the libtorch expressions they replace (the
 * kernels off), on arrays of several blocks, with rows that do not fill a block, on 3-D arrays
 * and on views that are not contiguous.
 */
class CpuKernelsTest {

    @AfterEach
    void kernelsBackOn() {
        CpuKernels.setEnabled(true);
    }

    /** Both arrays, value for value, as raw bits (so -0 and +0 differ too). */
    private static void assertSameBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError("value " + i + ": expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }

    /** {@code f} computed with the kernels off and on. */
    private static float[][] offAndOn(Supplier<NDArray> f) {
        CpuKernels.setEnabled(false);
        float[] off = f.get().toFloatArray();
        CpuKernels.setEnabled(true);
        float[] on = f.get().toFloatArray();
        return new float[][] {off, on};
    }

    @ParameterizedTest
    @EnumSource(value = Options.Activation.class, names = "GELU", mode = EnumSource.Mode.EXCLUDE)
    void activationBackwardIsLibtorchsBitForBit(Options.Activation a) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(11);
            // 1,203 x 37 values: several 16,384-value blocks, rows that do not divide a block
            NDArray z = m.randomNormal(0, 3, new Shape(1203, 37), DataType.FLOAT32);
            NDArray y = Activations.apply(a, z);
            NDArray k = m.randomNormal(0, 2, new Shape(1203, 1), DataType.FLOAT32);
            for (boolean timesOutput : new boolean[] {true, false}) {
                float[][] r = offAndOn(() -> Activations.backward(a, y, null, k, timesOutput));
                assertSameBits(r[0], r[1]);
            }
            assertTrue(CpuKernels.applies(y, k));
        }
    }

    @Test
    void activationBackwardOnPackedThreeDimensionalArrays() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(12);
            NDArray y = Activations.apply(Options.Activation.ELU, m.randomNormal(new Shape(3, 400, 50)));
            NDArray k = m.randomNormal(new Shape(3, 400, 1));
            float[][] r = offAndOn(() -> Activations.backward(Options.Activation.ELU, y, null, k, true));
            assertSameBits(r[0], r[1]);
        }
    }

    @Test
    void activationBackwardReadsAViewThatIsNotContiguous() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(13);
            NDArray y = Activations.apply(Options.Activation.TANH, m.randomNormal(new Shape(60, 900))).transpose();
            NDArray k = m.randomNormal(new Shape(900, 1));
            float[][] r = offAndOn(() -> Activations.backward(Options.Activation.TANH, y, null, k, true));
            assertSameBits(r[0], r[1]);
            assertSameBits(r[0], Activations.backward(Options.Activation.TANH, y, null, k, true).toFloatArray());
        }
    }

    @Test
    void geluHasNoKernel() {
        assertFalse(CpuKernels.hasBackward(Options.Activation.GELU));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray y = m.ones(new Shape(2, 2));
            NDArray k = m.ones(new Shape(2, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> CpuKernels.activationBackward(Options.Activation.GELU, y, k, true));
        }
    }

    @Test
    void scaleRowsAddBiasIsMulThenAdd() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(14);
            NDArray z = m.randomNormal(new Shape(997, 41));
            NDArray s = m.randomUniform(0.01f, 2f, new Shape(997, 1));
            NDArray b = m.randomNormal(new Shape(41));
            assertSameBits(z.mul(s).add(b).toFloatArray(), CpuKernels.scaleRowsAddBias(z, s, b).toFloatArray());
            assertSameBits(z.add(b).toFloatArray(), CpuKernels.scaleRowsAddBias(z, null, b).toFloatArray());
            // the overlay layer: [groups, n, out] scaled by one factor per image [n, 1]
            NDArray z3 = m.randomNormal(new Shape(3, 997, 41));
            assertSameBits(z3.mul(s).add(b).toFloatArray(), CpuKernels.scaleRowsAddBias(z3, s, b).toFloatArray());
            NDArray wrong = m.ones(new Shape(5, 1));
            assertThrows(IllegalArgumentException.class, () -> CpuKernels.scaleRowsAddBias(z, wrong, b));
        }
    }

    @Test
    void scaleRowsAddBiasInPlaceWritesOverAContiguousArrayOnly() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(16);
            NDArray z = m.randomNormal(new Shape(300, 70));
            NDArray s = m.randomUniform(0.01f, 2f, new Shape(300, 1));
            NDArray b = m.randomNormal(new Shape(70));
            float[] expected = z.mul(s).add(b).toFloatArray();
            assertTrue(CpuKernels.contiguous(z));
            NDArray r = CpuKernels.scaleRowsAddBias(z, s, b, true);
            assertSame(z, r);
            assertSameBits(expected, z.toFloatArray());
            // a transposed view is not contiguous: read through a copy, written into a new array
            NDArray view = m.randomNormal(new Shape(70, 300)).transpose();
            assertFalse(CpuKernels.contiguous(view));
            float[] before = view.toFloatArray();
            NDArray fresh = CpuKernels.scaleRowsAddBias(view, s, b, true);
            assertNotSame(view, fresh);
            assertSameBits(before, view.toFloatArray());
            assertSameBits(view.mul(s).add(b).toFloatArray(), fresh.toFloatArray());
        }
    }

    @Test
    void dropoutInPlaceOnAContiguousArrayAndIntoANewOneOtherwise() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(17);
            NDArray base = m.randomNormal(new Shape(90, 40));
            NDArray view = m.randomNormal(new Shape(40, 90)).transpose(); // [90, 40], not contiguous
            assertFalse(CpuKernels.contiguous(view));
            CpuKernels.setEnabled(false);
            float[] expected = new DropoutMasks(0.2, true, new SavableRandom(8)).apply(base.duplicate()).toFloatArray();
            float[] expectedView = new DropoutMasks(0.2, true, new SavableRandom(8)).apply(view.duplicate()).toFloatArray();
            CpuKernels.setEnabled(true);
            NDArray x = base.duplicate();
            assertSame(x, new DropoutMasks(0.2, true, new SavableRandom(8)).apply(x));
            assertSameBits(expected, x.toFloatArray());
            NDArray y = new DropoutMasks(0.2, true, new SavableRandom(8)).apply(view);
            assertNotSame(view, y);
            assertSameBits(expectedView, y.toFloatArray());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 4001, 65_537, 250_003})
    void dropoutDrawnAndAppliedInOnePassIsTheStoredMaskTimesTheInput(int n) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            m.getEngine().setRandomSeed(15);
            NDArray x = m.randomNormal(new Shape(n));
            DropoutMasks off = new DropoutMasks(0.2, true, new SavableRandom(n));
            DropoutMasks on = new DropoutMasks(0.2, true, new SavableRandom(n));
            float[] expected = null;
            float[] actual = null;
            for (int step = 0; step < 2; step++) { // two masks: the stream continues alike
                CpuKernels.setEnabled(false);
                expected = off.apply(x.duplicate()).toFloatArray();
                CpuKernels.setEnabled(true);
                NDArray input = x.duplicate();
                actual = on.apply(input).toFloatArray();
                assertSameBits(expected, actual);
            }
            assertEquals(off.random().nextLong(), on.random().nextLong());
            if (n > 100) {
                int zeros = 0;
                for (float v : actual) {
                    zeros += v == 0f ? 1 : 0;
                }
                assertEquals(0.2, zeros / (double) n, 0.02);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 17, 1000})
    void multiplyKeepMaskIsFillKeepMaskTimesTheValues(int size) {
        SavableRandom a = new SavableRandom(99);
        SavableRandom b = new SavableRandom(99);
        float[] mask = new float[size];
        a.fillKeepMask(mask, size, 40_000, 1.5f);
        float[] x = new float[size];
        float[] expected = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (i % 7 - 3) * 0.37f;
            expected[i] = x[i] * mask[i];
        }
        b.multiplyKeepMask(x, size, 40_000, 1.5f);
        assertSameBits(expected, x);
        assertEquals(a.nextLong(), b.nextLong());
    }
}
