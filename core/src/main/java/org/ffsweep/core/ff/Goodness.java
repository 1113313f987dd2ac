package org.ffsweep.core.ff;

import ai.djl.ndarray.NDArray;
import org.ffsweep.core.config.Options.GoodnessKind;

/**
 * Per-sample goodness of a layer's activations: {@code [rows, units] -> [rows]}, and the shape of
 * its derivative for the analytic FF step: {@code dg/dy = slope * y} for the squares kinds and
 * {@code dg/dy = slope} for the mean.
 */
public interface Goodness {

    NDArray score(NDArray activations);

    /** True when {@code dg/dy} is {@code slope * y} (squares); false when it is the constant {@code slope} (mean). */
    boolean linearInActivations();

    /** The factor of {@code dg/dy} for a layer of {@code units} outputs. */
    double slope(long units);

    static Goodness create(GoodnessKind kind) {
        return switch (kind) {
            case MEAN_SQUARES -> new Goodness() {
                @Override
                public NDArray score(NDArray y) {
                    // ||y||^2 / units: one fused reduction, no [rows, units] temporary (and a
                    // cheaper backward) than mean(y^2); equal up to float rounding.
                    return y.norm(new int[] {1}).square().div(y.getShape().get(1));
                }

                @Override
                public boolean linearInActivations() {
                    return true;
                }

                @Override
                public double slope(long units) {
                    return 2.0 / units;
                }

                @Override
                public String toString() {
                    return "MeanOfSquaresGoodness";
                }
            };
            case SUM_SQUARES -> new Goodness() {
                @Override
                public NDArray score(NDArray y) {
                    return y.norm(new int[] {1}).square();
                }

                @Override
                public boolean linearInActivations() {
                    return true;
                }

                @Override
                public double slope(long units) {
                    return 2.0;
                }

                @Override
                public String toString() {
                    return "SumOfSquaresGoodness";
                }
            };
            case MEAN -> new Goodness() {
                @Override
                public NDArray score(NDArray y) {
                    return y.mean(new int[] {1});
                }

                @Override
                public boolean linearInActivations() {
                    return false;
                }

                @Override
                public double slope(long units) {
                    return 1.0 / units;
                }

                @Override
                public String toString() {
                    return "MeanGoodness";
                }
            };
        };
    }
}
