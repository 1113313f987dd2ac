package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.TrialConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The two recipes' goodness against values computed by hand. */
class PairGoodnessTest {
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static TrialConfig trial(String kind) {
        return ConfigLoader.load(ConfigFactory.empty("test"), List.of("model.kind=" + kind)).trial();
    }

    @Test
    void squaredCosineOfThePairsByHand() {
        // blocks of n = 3 rows: images x, partners p, hybrids h
        float[] y = {
            1, 0, 0, // x0
            3, 4, 0, // x1
            0, 0, 0, // x2: a silent row
            2, 2, 0, // p0: cos(x0, p0) = 1/sqrt(2)
            3, 4, 0, // p1: the same direction
            1, 1, 1, // p2
            0, 5, 0, // h0: orthogonal
            -4, 3, 0, // h1: orthogonal
            1, 2, 3, // h2
        };
        PairGoodness g = PairGoodness.create(ModelKind.FF_CLASS_PAIRS, trial("ff-class-pairs").ff());
        assertEquals(3, g.streams());
        PairGoodness.Scores s = g.score(manager.create(y, new Shape(9, 3)), 3);
        assertArrayEquals(new float[] {0.5f, 1f, 0f}, s.positive().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f, 0f}, s.negative().toFloatArray(), 1e-6f);
    }

    @Test
    void realVersusHybridUsesTheOrdinaryGoodness() {
        float[] y = {1, 2, 3, 4, 0, 0}; // a real row [1, 2, 3] and a hybrid row [4, 0, 0]
        PairGoodness g = PairGoodness.create(ModelKind.FF_UNSUPERVISED, trial("ff-unsupervised").ff());
        assertEquals(2, g.streams());
        PairGoodness.Scores s = g.score(manager.create(y, new Shape(2, 3)), 1);
        assertArrayEquals(new float[] {14f / 3}, s.positive().toFloatArray(), 1e-6f); // mean of squares
        assertArrayEquals(new float[] {16f / 3}, s.negative().toFloatArray(), 1e-6f);
    }

    @Test
    void supervisedKindsHaveNoPairRecipe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairGoodness.create(ModelKind.FF, trial("ff").ff()));
        assertEquals(true, e.getMessage().contains("ff"), e.getMessage());
    }
}
