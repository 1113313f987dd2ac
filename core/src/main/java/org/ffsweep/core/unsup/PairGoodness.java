package org.ffsweep.core.unsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.ff.Goodness;

/**
 * The goodness of the positive and the negative examples of one training step, from a layer's
 * outputs for {@link #streams()} stacked blocks of {@code n} rows. Each recipe says what its
 * blocks are.
 */
public interface PairGoodness {

    /** Per-sample goodness of positives and of negatives, each {@code [n]}. */
    record Scores(NDArray positive, NDArray negative) {}

    /** How many blocks of {@code n} rows a step stacks. */
    int streams();

    /** Scores the layer outputs {@code y}, {@code [streams() * n, units]}. */
    Scores score(NDArray y, long n);

    /** The recipe of {@code kind} (a {@link ModelKind#probed() probed} kind). */
    static PairGoodness create(ModelKind kind, FFConfig ff) {
        return switch (kind) {
            case FF_UNSUPERVISED -> new RealVersusHybrid(Goodness.create(ff.goodness()));
            case FF_CLASS_PAIRS -> new SquaredCosine();
            case FF, BACKPROP_MLP -> throw new IllegalArgumentException(
                    "model.kind " + kind.key() + " is not trained on pairs or hybrid images");
        };
    }

    /**
     * Hinton's recipe: blocks [real images; hybrid images]; ordinary goodness of each row
     * ({@code ff.goodness}).
     */
    record RealVersusHybrid(Goodness goodness) implements PairGoodness {
        @Override
        public int streams() {
            return 2;
        }

        @Override
        public Scores score(NDArray y, long n) {
            NDList g = goodness.score(y).split(new long[] {n});
            return new Scores(g.get(0), g.get(1));
        }

        @Override
        public String toString() {
            return "RealVersusHybrid(" + goodness + ")";
        }
    }

    /**
     * The study's recipe: blocks [images x; same-class partners; hybrid images]; goodness of a
     * positive pair is cos(y(x), y(partner))^2, of a negative pair cos(y(x), y(hybrid))^2, the
     * cosine being {@code a.b / max(|a| |b|, 1e-8)} (0 for a silent layer).
     */
    record SquaredCosine() implements PairGoodness {
        private static final float EPS = 1e-8f;

        @Override
        public int streams() {
            return 3;
        }

        @Override
        public Scores score(NDArray y, long n) {
            NDList parts = y.split(new long[] {n, 2 * n});
            NDList norms = y.norm(new int[] {1}).split(new long[] {n, 2 * n});
            NDArray x = parts.get(0);
            NDArray nx = norms.get(0);
            return new Scores(squaredCosine(x, nx, parts.get(1), norms.get(1)),
                    squaredCosine(x, nx, parts.get(2), norms.get(2)));
        }

        private static NDArray squaredCosine(NDArray a, NDArray na, NDArray b, NDArray nb) {
            NDArray dot = a.mul(b).sum(new int[] {1});
            return dot.div(na.mul(nb).maximum(EPS)).square();
        }

        @Override
        public String toString() {
            return "SquaredCosine";
        }
    }
}
