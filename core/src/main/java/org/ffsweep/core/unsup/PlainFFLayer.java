package org.ffsweep.core.unsup;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.LayerLoss;
import org.ffsweep.core.nn.Activations;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.Init;
import org.ffsweep.core.util.Autograd;
import org.ffsweep.core.util.SavableRandom;

/**
 * One FF layer on plain (not label-overlaid) input: optional input length normalisation,
 * {@code x W + b}, activation; trained on its own loss by its own Adam. The length
 * normalisation scales the product's rows ({@code (x W) / (|x| + 1e-4)}, the same numbers as
 * {@code (x / (|x| + 1e-4)) W}) so that no normalised copy of a large input is made.
 */
final class PlainFFLayer {
    private static final float NORM_EPS = 1e-4f;

    private final int index;
    private final boolean inputNorm;
    private final Options.Activation activation;
    private final Adam adam;
    private final Engine engine;
    private final NDArray weight;
    private final NDArray bias;

    PlainFFLayer(int index, int in, int out, Options.Activation activation, boolean inputNorm, TrainingConfig training,
            NDManager params, Engine engine, SavableRandom rng) {
        this.index = index;
        this.activation = activation;
        this.inputNorm = inputNorm;
        this.engine = engine;
        this.adam = Adam.of(training);
        // PyTorch's nn.Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
        this.weight = Init.linearUniform(params, new Shape(in, out), in, rng);
        this.bias = Init.linearUniform(params, new Shape(out), in, rng);
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
    }

    int index() {
        return index;
    }

    /** The weight and the bias (checkpoints). */
    List<NDArray> parameters() {
        return List.of(weight, bias);
    }

    Adam optimizer() {
        return adam;
    }

    /** Activations for input rows {@code [rows, in]}. */
    NDArray forward(NDArray x) {
        NDArray z = x.matMul(weight);
        if (inputNorm) {
            z.divi(x.norm(new int[] {1}, true).addi(NORM_EPS)); // in place on the fresh product
        }
        return Activations.apply(activation, z.addi(bias));
    }

    /**
     * One optimisation step on {@code input} ({@code goodness.streams()} blocks of {@code n}
     * rows); returns the detached outputs for the next layer and the step's statistics.
     */
    FFLayer.StepOutput trainStep(NDArray input, long n, PairGoodness goodness, LayerLoss loss) {
        NDArray y;
        FFLayer.StepStats stats;
        try (GradientCollector gc = Autograd.collector(engine)) {
            y = forward(input);
            PairGoodness.Scores g = goodness.score(y, n);
            NDArray l = loss.loss(g.positive(), g.negative());
            gc.backward(l);
            stats = new FFLayer.StepStats(l.stopGradient(), g.positive().mean().stopGradient(),
                    g.negative().mean().stopGradient());
        }
        update("U" + index + ".w", weight);
        update("U" + index + ".b", bias);
        return new FFLayer.StepOutput(y.stopGradient(), stats);
    }

    private void update(String id, NDArray p) {
        try (NDArray grad = p.getGradient()) {
            adam.update(id, p, grad);
        }
    }

    /** Copies of the weight and bias (tests). */
    float[][] parameterValues() {
        return new float[][] {weight.toFloatArray(), bias.toFloatArray()};
    }
}
