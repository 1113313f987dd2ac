package org.ffsweep.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.SplittableRandom;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.ff.LayerLoss;

/**
 * One Forward-Forward layer: optional input length normalisation, {@code x W + b}, activation;
 * trained on its own loss by its own Adam. The first layer of a network takes overlaid images
 * ({@link OverlayBatch}) and keeps its weight as two parameters, the rows for the 10 overlay
 * values and the rows for the image, so that the image part of {@code x W} is computed once for
 * all labels overlaid on the same images (the same numbers as one matmul over the overlaid rows).
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
    private final Optimizer adam;
    private final Engine engine;
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
            Goodness goodness, LayerLoss loss, TrainingConfig training, NDManager params, Engine engine,
            SplittableRandom rng) {
        this.index = index;
        this.in = in;
        this.out = out;
        this.overlayInput = overlayInput;
        this.activation = activation;
        this.inputNorm = inputNorm;
        this.goodness = goodness;
        this.loss = loss;
        this.engine = engine;
        this.adam = Adam.of(training);
        // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
        if (overlayInput) {
            this.labelWeight = Init.linearUniform(params, new Shape(OverlayBatch.CLASSES, out), in, rng);
            this.weight = Init.linearUniform(params, new Shape(in - OverlayBatch.CLASSES, out), in, rng);
        } else {
            this.labelWeight = null;
            this.weight = Init.linearUniform(params, new Shape(in, out), in, rng);
        }
        this.bias = Init.linearUniform(params, new Shape(out), in, rng);
        for (NDArray p : parameters()) {
            p.setRequiresGradient(true);
        }
    }


    NDArray[] parameters() {
        return labelWeight == null ? new NDArray[] {weight, bias} : new NDArray[] {labelWeight, weight, bias};
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
        NDArray h = inputNorm ? x.div(x.norm(new int[] {1}, true).add(NORM_EPS)) : x;
        return Activations.apply(activation, h.matMul(weight).addi(bias)); // in place: fewer big allocations
    }

    /**
     * Activations of {@code groups} overlays of the same images: row {@code g * n + i} is image
     * {@code i} with the label whose one-hot row (already scaled by {@code max}) is row
     * {@code g * n + i} of {@code scaledOneHot [groups * n, 10]}.
     */
    public NDArray forwardOverlay(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        if (!overlayInput) {
            throw new IllegalStateException("layer " + index + " takes plain input; use forward");
        }
        long n = batch.size();
        NDArray image = batch.rest().matMul(weight); // [n, out], shared by every label
        image.attach(scaledOneHot.getManager()); // a step's arrays live and die with the step
        NDArray label = scaledOneHot.matMul(labelWeight).reshape(groups, n, out);
        NDArray z = label.addi(image); // in place on the fresh product: one [groups, n, out] array
        if (inputNorm) {
            z.muli(batch.inverseNorm());
        }
        return Activations.apply(activation, z.addi(bias).reshape(groups * n, out));
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
     * One optimisation step on positives (the first {@code positives} rows) and negatives (the
     * rest). {@code forward} computes this layer's activations from its input.
     */
    public StepOutput trainStep(java.util.function.Supplier<NDArray> forward, long positives) {
        NDArray y;
        StepStats stats;
        try (GradientCollector gc = engine.newGradientCollector()) {
            y = forward.get();
            NDArray g = goodness.score(y);
            NDList parts = g.split(new long[] {positives});
            NDArray gPos = parts.get(0);
            NDArray gNeg = parts.get(1);
            NDArray l = loss.loss(gPos, gNeg);
            gc.backward(l);
            stats = new StepStats(l.stopGradient(), gPos.mean().stopGradient(), gNeg.mean().stopGradient());
        }
        String prefix = "L" + index + ".";
        NDArray[] ps = parameters();
        for (int i = 0; i < ps.length; i++) {
            try (NDArray grad = ps[i].getGradient()) {
                adam.update(prefix + i, ps[i], grad);
            }
        }
        return new StepOutput(y.stopGradient(), stats);
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
