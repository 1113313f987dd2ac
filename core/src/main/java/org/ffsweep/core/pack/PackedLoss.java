package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.Options.LossKind;
import org.ffsweep.core.config.Options.MarginSign;
import org.ffsweep.core.config.Options.SoftplusForm;
import org.ffsweep.core.ff.LayerLoss;

/**
 * {@link LayerLoss} for K trials at once, each with its own threshold and margin: goodness
 * {@code [K, p]} and {@code [K, q]} give losses {@code [K]} and gradients {@code [K, p + q]}.
 * The shifts {@code theta -/+ margin} are computed per trial in float as the solo loss computes
 * them, and the softplus and its derivative are {@link LayerLoss}'s own.
 */
final class PackedLoss {
    private static final int[] ROWS = {1};

    private final LossKind kind;
    private final SoftplusForm form;
    /** Per trial {@code [K, 1]}: logistic, what g_pos is shifted by; p-pos, theta + margin. */
    private NDArray posShift;
    /** Per trial {@code [K, 1]}: logistic, what g_neg is shifted by; p-pos, theta - margin. */
    private NDArray negShift;
    private float[] pos;
    private float[] neg;
    private final NDManager manager;

    /** The loss of trials {@code ff} (one shape: same kind and softplus form), its arrays in {@code manager}. */
    PackedLoss(List<FFConfig> ff, NDManager manager) {
        this.kind = ff.get(0).loss();
        this.form = ff.get(0).softplus();
        this.manager = manager;
        int k = ff.size();
        pos = new float[k];
        neg = new float[k];
        for (int i = 0; i < k; i++) {
            FFConfig f = ff.get(i);
            float theta = (float) f.threshold();
            float margin = (float) f.margin();
            float signed = switch (kind) {
                case LOGISTIC -> f.marginSign() == MarginSign.STUDY ? margin : -margin;
                case HINTON_BCE -> 0f;
                case P_POS -> margin;
            };
            pos[i] = kind == LossKind.P_POS ? theta + signed : theta - signed;
            neg[i] = theta + (kind == LossKind.P_POS ? -signed : signed);
        }
        upload();
    }

    private void upload() {
        posShift = manager.create(pos, new Shape(pos.length, 1));
        negShift = manager.create(neg, new Shape(neg.length, 1));
    }

    /** Per trial: the losses, {@code [K]}. */
    NDArray loss(NDArray gPos, NDArray gNeg) {
        if (kind == LossKind.P_POS) {
            NDArray p = Activation.sigmoid(gPos).neg().add(posShift).mean(ROWS);
            NDArray n = Activation.sigmoid(gNeg).sub(negShift).mean(ROWS);
            return p.add(n);
        }
        NDArray p = LayerLoss.softplus(gPos.sub(posShift).neg(), form).mean(ROWS);
        NDArray n = LayerLoss.softplus(gNeg.sub(negShift), form).mean(ROWS);
        return p.add(n).mul(0.5f);
    }

    /** Per trial: the derivative of the loss with respect to each goodness, {@code [K, p + q]}, positives first. */
    NDArray gradient(NDArray gPos, NDArray gNeg) {
        long p = gPos.getShape().get(1);
        long q = gNeg.getShape().get(1);
        if (kind == LossKind.P_POS) {
            return sigmoidSlope(gPos).muli(-1.0 / p).concat(sigmoidSlope(gNeg).muli(1.0 / q), 1);
        }
        NDArray dp = LayerLoss.softplusGradient(gPos.sub(posShift).neg(), -0.5 / p, form);
        NDArray dn = LayerLoss.softplusGradient(gNeg.sub(negShift), 0.5 / q, form);
        return dp.concat(dn, 1);
    }

    /** sigmoid'(g) = s (1 - s), as PyTorch's sigmoid backward computes it from s. */
    private static NDArray sigmoidSlope(NDArray g) {
        NDArray s = Activation.sigmoid(g);
        return s.neg().addi(1f).muli(s);
    }

    /** Keeps the trials at {@code slots} of the current stack. */
    void retain(long[] slots) {
        posShift.close();
        negShift.close();
        pos = PackedAdam.pick(pos, slots);
        neg = PackedAdam.pick(neg, slots);
        upload();
    }
}
