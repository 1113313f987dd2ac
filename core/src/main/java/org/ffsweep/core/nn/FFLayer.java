package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.ff.LayerLoss;
import org.ffsweep.core.util.SavableRandom;

/**
 * One Forward-Forward layer: optional input length normalisation, {@code x W + b}, activation;
 * trained on its own loss by its own Adam. The first layer of a network takes overlaid images
 * ({@link OverlayBatch}) and keeps its weight as two parameters, the rows for the 10 overlay
 * values and the rows for the image, so that the image part of {@code x W} is computed once for
 * all labels overlaid on the same images (the same numbers as one matmul over the overlaid rows).
 * Its training step writes the gradients out with plain array operations: no autograd graph is
 * recorded and no gradient collector is used, and the parameters carry no gradient buffers.
 */
public final class FFLayer {
    private static final float NORM_EPS = 1e-4f;

    private final int index;
    private final int in;
    private final int out;
    private final boolean overlayInput;
    private final boolean inputNorm;
    private final Options.Activation activation;
    private final Goodness goodness;
    private final LayerLoss loss;
    private final Adam adam;
    /** {@code [in, out]}, or for the overlay layer the image rows {@code [in - 10, out]}. */
    private final NDArray weight;
    /** The overlay layer's label rows {@code [10, out]}; null otherwise. */
    private final NDArray labelWeight;
    private final NDArray bias;

    /**
     * The statistics of one training step of this layer, still on the device.
     *
     * @param loss the layer's loss
     * @param meanPos mean goodness of the positives, or null where there is none (backprop)
     * @param meanNeg mean goodness of the negatives, or null where there is none
     */
    public record StepStats(NDArray loss, NDArray meanPos, NDArray meanNeg) {
        /** A loss without goodness. */
        public static StepStats lossOnly(NDArray loss) {
            return new StepStats(loss, null, null);
        }
    }

    /** The result of a training step: detached outputs for the next layer, and the statistics. */
    public record StepOutput(NDArray output, StepStats stats) {}

    FFLayer(int index, int in, int out, boolean overlayInput, Options.Activation activation, boolean inputNorm,
            Goodness goodness, LayerLoss loss, TrainingConfig training, NDManager params, SavableRandom rng) {
        // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, drawn in this order.
        this(index, in, out, activation, inputNorm, goodness, loss, training,
                overlayInput ? Init.linearUniform(params, new Shape(OverlayBatch.CLASSES, out), in, rng) : null,
                Init.linearUniform(params, new Shape(overlayInput ? in - OverlayBatch.CLASSES : in, out), in, rng),
                Init.linearUniform(params, new Shape(out), in, rng));
    }

    /**
     * A layer with the given parameters (any floating type; the layer computes in it): the
     * overlay layer when {@code labelWeight} is not null.
     */
    FFLayer(int index, int in, int out, Options.Activation activation, boolean inputNorm, Goodness goodness,
            LayerLoss loss, TrainingConfig training, NDArray labelWeight, NDArray weight, NDArray bias) {
        this.index = index;
        this.in = in;
        this.out = out;
        this.overlayInput = labelWeight != null;
        this.activation = activation;
        this.inputNorm = inputNorm;
        this.goodness = goodness;
        this.loss = loss;
        this.adam = Adam.of(training);
        this.labelWeight = labelWeight;
        this.weight = weight;
        this.bias = bias;
    }

    NDArray[] parameters() {
        return labelWeight == null ? new NDArray[] {weight, bias} : new NDArray[] {labelWeight, weight, bias};
    }

    Adam optimizer() {
        return adam;
    }

    public int index() {
        return index;
    }

    public int inputSize() {
        return in;
    }

    public int outputSize() {
        return out;
    }

    boolean takesOverlay() {
        return overlayInput;
    }

    /** Activations for plain input rows {@code [rows, in]}. */
    public NDArray forward(NDArray x) {
        if (overlayInput) {
            throw new IllegalStateException("layer " + index + " takes overlaid images; use forwardOverlay");
        }
        return Activations.apply(activation, preActivation(x));
    }

    /**
     * {@code z = (x / (|x| + 1e-4)) W + b} per row with input norm, else {@code x W + b}. The
     * norm scales the rows of the product, {@code z = s (x W) + b} with {@code s = 1 / (|x| + 1e-4)}
     * (the same numbers up to float rounding): in place on the product, no normalised copy of
     * {@code x}. {@code normOut}, when not null and with input norm, receives {@code |x| + 1e-4}
     * ({@code [rows, 1]}) and {@code s} in its slots 0 and 1.
     */
    private NDArray preActivation(NDArray x, NDArray... normOut) {
        NDArray z = x.matMul(weight);
        NDArray norm = null;
        NDArray s = null;
        if (inputNorm) {
            norm = x.norm(new int[] {1}, true).addi(NORM_EPS);
            s = norm.pow(-1f);
        }
        if (s != null && CpuKernels.applies(z)) {
            NDArray zb = CpuKernels.scaleRowsAddBias(z, s, bias, true); // one pass instead of two, in place
            if (zb != z) {
                z.close();
                z = zb;
            }
        } else {
            if (s != null) {
                z.muli(s);
            }
            z.addi(bias); // in place: fewer big allocations
        }
        if (inputNorm) {
            if (normOut.length == 2) {
                normOut[0] = norm;
                normOut[1] = s;
            } else {
                norm.close();
                s.close();
            }
        }
        return z;
    }

    /**
     * Activations of {@code groups} overlays of the same images: row {@code g * n + i} is image
     * {@code i} with the label whose one-hot row (already scaled by {@code max}) is row
     * {@code g * n + i} of {@code scaledOneHot [groups * n, 10]}.
     */
    public NDArray forwardOverlay(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        return Activations.apply(activation, overlayPreActivation(batch, scaledOneHot, groups));
    }

    /** {@code z} of {@link #forwardOverlay}, {@code [groups * n, out]}. */
    private NDArray overlayPreActivation(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        if (!overlayInput) {
            throw new IllegalStateException("layer " + index + " takes plain input; use forward");
        }
        long n = batch.size();
        NDArray image = batch.rest().matMul(weight); // [n, out], shared by every label
        image.attach(scaledOneHot.getManager()); // a step's arrays live and die with the step
        NDArray z;
        try (NDArray label = scaledOneHot.matMul(labelWeight)) {
            z = label.reshape(groups, n, out); // a view: closing the product's handle keeps its memory
        }
        z.addi(image); // in place on the fresh product: one [groups, n, out] array
        image.close();
        if (inputNorm && CpuKernels.applies(z)) {
            NDArray fused = CpuKernels.scaleRowsAddBias(z, batch.inverseNorm(), bias, true);
            if (fused != z) { // the norm and the bias in one pass, in place when it can be
                z.close();
            }
            NDArray rows = fused.reshape(groups * n, out);
            fused.close(); // a view: closing the handle keeps its memory
            return rows;
        }
        if (inputNorm) {
            z.muli(batch.inverseNorm());
        }
        NDArray rows = z.addi(bias).reshape(groups * n, out);
        z.close();
        return rows;
    }

    /** Activations of the image rows overlaid with one label for all of them. */
    public NDArray forwardOverlayLabel(OverlayBatch batch, NDArray image, int label) {
        NDArray row = labelWeight.get(label);
        row.attach(image.getManager());
        NDArray z = image.add(row.mul(batch.max())); // image is shared by all labels: not in place
        if (inputNorm) {
            z.muli(batch.inverseNorm());
        }
        return Activations.apply(activation, z.addi(bias));
    }

    /** The image part of this overlay layer's {@code x W}, in {@code scope}, for {@link #forwardOverlayLabel}. */
    public NDArray imageProduct(OverlayBatch batch, NDManager scope) {
        NDArray image = batch.rest().matMul(weight);
        image.attach(scope);
        return image;
    }

    /**
     * One optimisation step of a plain layer on {@code x}, whose first {@code positives} rows
     * are the positives and the rest the negatives; the gradients are written out (no autograd).
     */
    public StepOutput trainStep(NDArray x, long positives) {
        return update(gradients(x, positives));
    }

    /**
     * One optimisation step of the overlay layer on {@code groups} overlays of the batch's
     * images (as {@link #forwardOverlay}); the first group is the positives.
     */
    public StepOutput trainStepOverlay(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        return update(overlayGradients(batch, scaledOneHot, groups));
    }

    /**
     * A step's gradients of the loss with respect to each of {@link #parameters()}, in order, with
     * the layer's output (no autograd graph behind it) and the step's statistics.
     */
    record Gradients(NDArray output, StepStats stats, NDArray[] grads) {}

    /** The loss's derivative with respect to the pre-activation, {@code [rows, out]}, and the statistics. */
    private record Backward(NDArray dz, StepStats stats) {}

    /**
     * Gradients of a plain layer: {@code z = s (x W) + b} with {@code s} the inverse input norm
     * per row (1 without norm), so {@code dW = x^T (s dZ)} and {@code db} the column sums of
     * {@code dZ}; {@code s dZ} comes out of the backward pass directly.
     */
    Gradients gradients(NDArray x, long positives) {
        if (overlayInput) {
            throw new IllegalStateException("layer " + index + " takes overlaid images; use overlayGradients");
        }
        NDArray[] norm = new NDArray[2];
        NDArray z = preActivation(x, norm);
        NDArray y = Activations.apply(activation, z);
        z = keepIfNeeded(z);
        Backward b = backward(y, z, positives, norm[1]);
        NDArray dz = b.dz();
        NDArray dw;
        try (NDArray xt = x.transpose()) {
            dw = xt.matMul(dz);
        }
        NDArray db = biasGradient(dz, norm[0]);
        dz.close();
        if (norm[0] != null) {
            norm[0].close();
            norm[1].close();
        }
        return new Gradients(y, b.stats(), new NDArray[] {dw, db});
    }

    /**
     * {@code db}, the column sums of {@code dL/dz}, from {@code dz = s dL/dz} (rows scaled by the
     * inverse norm s, when {@code norm = 1 / s} is not null) as one matrix-vector product
     * {@code dz^T norm}: a single read of {@code dz}, which then serves {@code dW} unchanged.
     */
    private static NDArray biasGradient(NDArray dz, NDArray norm) {
        if (norm == null) {
            return dz.sum(new int[] {0});
        }
        try (NDArray dzt = dz.transpose(); NDArray col = dzt.matMul(norm)) {
            return col.reshape(-1);
        }
    }

    /**
     * Gradients of the overlay layer. Row {@code r = g n + i} has {@code z_r = s_i (x_r W) + b}
     * with {@code x_r = [oneHot_r, rest_i]} and {@code s_i} the inverse input norm (1 without
     * norm), so {@code dW_label = (s oneHot)^T dZ} and {@code dW_image = rest^T (s S)} with
     * {@code S} the sum of {@code dZ}'s {@code groups} blocks: the image rows' product is taken
     * once for all labels, as in the forward pass.
     */
    Gradients overlayGradients(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        NDArray z = overlayPreActivation(batch, scaledOneHot, groups);
        NDArray y = Activations.apply(activation, z);
        z = keepIfNeeded(z);
        Backward b = backward(y, z, batch.size(), null);
        NDArray dz = b.dz();
        NDArray db = dz.sum(new int[] {0});
        NDArray oneHot = scaledOneHot;
        if (inputNorm) {
            if (groups == 1) {
                oneHot = scaledOneHot.mul(batch.inverseNorm()); // [rows, 10]: cheaper than scaling dZ
            } else {
                try (NDArray scale = batch.inverseNorm().tile(new long[] {groups, 1})) {
                    oneHot = scaledOneHot.mul(scale);
                }
            }
        }
        NDArray dLabel;
        try (NDArray oht = oneHot.transpose()) {
            dLabel = oht.matMul(dz);
        }
        NDArray blocks = dz;
        if (groups > 1) {
            try (NDArray stacked = dz.reshape(groups, batch.size(), out)) {
                blocks = stacked.sum(new int[] {0});
            }
        }
        if (inputNorm) {
            blocks.muli(batch.inverseNorm()); // dZ is no longer needed: in place
        }
        NDArray dImage;
        try (NDArray rt = batch.rest().transpose()) {
            dImage = rt.matMul(blocks);
        }
        dImage.attach(dz.getManager());
        if (blocks != dz) {
            blocks.close();
        }
        dz.close();
        return new Gradients(y, b.stats(), new NDArray[] {dLabel, dImage, db});
    }

    /** {@code z} when the activation's backward reads it, else null, {@code z} closed (less memory at the peak). */
    private NDArray keepIfNeeded(NDArray z) {
        if (Activations.backwardNeedsInput(activation)) {
            return z;
        }
        z.close();
        return null;
    }

    /**
     * The goodness, the loss and {@code dL/dz = dL/dg * dg/dy * a'(z)}: per row the loss's
     * derivative times the goodness's slope ({@code [rows, 1]}), then one activation backward.
     * With {@code rowScale} ({@code [rows, 1]}) not null, row i of the returned {@code dz} is
     * {@code rowScale_i dL/dz_i} (the factor is folded into the per-row one: no extra pass).
     */
    private Backward backward(NDArray y, NDArray z, long positives, NDArray rowScale) {
        NDArray g = goodness.score(y);
        NDList parts = g.split(new long[] {positives});
        NDArray gPos = parts.get(0);
        NDArray gNeg = parts.get(1);
        NDArray l = loss.loss(gPos, gNeg);
        NDArray k = loss.gradient(gPos, gNeg).muli(goodness.slope(out)).reshape(-1, 1);
        if (rowScale != null) {
            k.muli(rowScale);
        }
        NDArray dz = Activations.backward(activation, y, z, k, goodness.linearInActivations());
        return new Backward(dz, new StepStats(l, gPos.mean(), gNeg.mean()));
    }

    /** Adam on each parameter with its gradient (closed after); the output and statistics. */
    StepOutput update(Gradients g) {
        String prefix = "L" + index + ".";
        NDArray[] ps = parameters();
        for (int i = 0; i < ps.length; i++) {
            try (NDArray grad = g.grads()[i]) {
                adam.update(prefix + i, ps[i], grad);
            }
        }
        return new StepOutput(g.output(), g.stats());
    }

    /** Copies of this layer's parameters as Java arrays (tests and checkpoints). */
    public float[][] parameterValues() {
        NDArray[] ps = parameters();
        float[][] v = new float[ps.length][];
        for (int i = 0; i < ps.length; i++) {
            v[i] = ps[i].toFloatArray();
        }
        return v;
    }
}
