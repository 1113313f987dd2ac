package org.ffsweep.core.ff;

import ai.djl.ndarray.NDArray;
import org.ffsweep.core.config.Options.GoodnessKind;

/** Per-sample goodness of a layer's activations: {@code [rows, units] -> [rows]}. */
public interface Goodness {

    NDArray score(NDArray activations);

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
                public String toString() {
                    return "MeanGoodness";
                }
            };
        };
    }
}
