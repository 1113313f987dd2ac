package org.ffsweep.core.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ffsweep.core.nn.FFNetwork;
import org.ffsweep.core.nn.OverlayBatch;

/** Scores a network: the label whose overlay has the highest total goodness is the prediction. */
public final class FFEvaluator {
    private FFEvaluator() {}

    /** Predicted labels for every image of {@code batch}. */
    public static int[] predict(FFNetwork network, OverlayBatch batch, NDManager parent) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray goodness = network.goodnessPerLabel(batch, scope);
            NDArray best = goodness.argMax(1);
            long[] p = best.toLongArray();
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = (int) p[i];
            }
            return out;
        }
    }

    /** Accuracy and the spread of predictions of {@code network} on {@code batch}. */
    public static EvaluationResult evaluate(FFNetwork network, OverlayBatch batch, NDManager parent) {
        return EvaluationResult.of(predict(network, batch, parent), batch.labels());
    }
}
