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

    /**
     * The derivative of {@link #loss} with respect to each goodness: {@code [p + q]}, the
     * positives' first. Written out with the operations PyTorch's autograd uses for the same
     * loss, so it overflows where autograd does (the {@code study} softplus gives NaN for a
     * goodness far beyond the threshold, where {@link #loss} is infinite).
     */
    NDArray gradient(NDArray gPos, NDArray gNeg);

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
     * d softplus(z) / dz times {@code upstream}: sigmoid(z) for the stable form (PyTorch's
     * softplus backward, up to its linear branch above 20, where sigmoid is 1 in float32), and
     * for the study's {@code log(exp(z) + 1)} the chain rule as autograd applies it,
     * {@code upstream / (exp(z) + 1) * exp(z)}: NaN where {@code exp(z)} overflows.
     */
    static NDArray softplusGradient(NDArray z, double upstream, SoftplusForm form) {
        return switch (form) {
            case STABLE -> Activation.sigmoid(z).muli(upstream);
            case STUDY -> {
                NDArray e = z.exp();
                yield e.getManager().create(upstream).toType(e.getDataType(), false).div(e.add(1f)).muli(e);
            }
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

        @Override
        public NDArray gradient(NDArray gPos, NDArray gNeg) {
            NDArray pos = softplusGradient(gPos.sub(theta - signedMargin).neg(), -0.5 / gPos.size(), form);
            NDArray neg = softplusGradient(gNeg.sub(theta + signedMargin), 0.5 / gNeg.size(), form);
            return pos.concat(neg);
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

        @Override
        public NDArray gradient(NDArray gPos, NDArray gNeg) {
            return sigmoidSlope(gPos).muli(-1.0 / gPos.size()).concat(sigmoidSlope(gNeg).muli(1.0 / gNeg.size()));
        }

        /** sigmoid'(g) = s (1 - s), as PyTorch's sigmoid backward computes it from s. */
        private static NDArray sigmoidSlope(NDArray g) {
            NDArray s = Activation.sigmoid(g);
            return s.neg().addi(1f).muli(s);
        }
    }
}
