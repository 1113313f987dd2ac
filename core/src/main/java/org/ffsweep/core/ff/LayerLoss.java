package org.ffsweep.core.ff;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.Options.MarginSign;
import org.ffsweep.core.config.Options.SoftplusForm;

/**
 * A layer's loss from the goodness of its positive ({@code [p]}) and negative ({@code [q]})
 * rows; a scalar. Positives and negatives weigh equally whatever {@code p} and {@code q} are;
 * with {@code p == q} this is the mean over the concatenation, as the study's code computes it.
 */
public interface LayerLoss {

    NDArray loss(NDArray gPos, NDArray gNeg);

    static LayerLoss create(FFConfig ff) {
        float theta = (float) ff.threshold();
        float margin = (float) ff.margin();
        return switch (ff.loss()) {
            case LOGISTIC -> new Logistic(theta, ff.marginSign() == MarginSign.STUDY ? margin : -margin, ff.softplus());
            case HINTON_BCE -> new Logistic(theta, 0f, ff.softplus());
            case P_POS -> new PPos(theta, margin);
        };
    }

    /** softplus in the configured form. */
    static NDArray softplus(NDArray z, SoftplusForm form) {
        return switch (form) {
            case STABLE -> Activation.softPlus(z);
            case STUDY -> z.exp().add(1f).log();
        };
    }

    /**
     * softplus(-(g_pos - theta + s)) and softplus(g_neg - theta - s), averaged per side then
     * between sides; {@code s} is the signed margin (+margin for the study's code).
     */
    record Logistic(float theta, float signedMargin, SoftplusForm form) implements LayerLoss {
        @Override
        public NDArray loss(NDArray gPos, NDArray gNeg) {
            NDArray pos = softplus(gPos.sub(theta - signedMargin).neg(), form).mean();
            NDArray neg = softplus(gNeg.sub(theta + signedMargin), form).mean();
            return pos.add(neg).mul(0.5f);
        }
    }

    /** The study's "original loss": mean(theta + m - sigmoid(g_pos)) + mean(sigmoid(g_neg) - theta + m). */
    record PPos(float theta, float margin) implements LayerLoss {
        @Override
        public NDArray loss(NDArray gPos, NDArray gNeg) {
            NDArray pos = Activation.sigmoid(gPos).neg().add(theta + margin).mean();
            NDArray neg = Activation.sigmoid(gNeg).sub(theta - margin).mean();
            return pos.add(neg);
        }
    }
}
