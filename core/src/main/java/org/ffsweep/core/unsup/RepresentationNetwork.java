package org.ffsweep.core.unsup;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.LayerLoss;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.util.SavableRandom;

/**
 * A stack of {@link PlainFFLayer}s trained greedily on a pair recipe ({@link PairGoodness}):
 * each layer's input is the previous layer's detached output for every block of the step
 * (plus dropout and skip connections in training), so no gradient crosses layers. Its
 * {@link #representation} is what a linear probe classifies. Owns its parameters' manager.
 */
public final class RepresentationNetwork implements AutoCloseable {
    private static final float NORM_EPS = 1e-4f;

    private final List<PlainFFLayer> layers;
    private final NDManager params;
    private final ModelConfig model;
    private final PairGoodness goodness;
    private final LayerLoss loss;

    public RepresentationNetwork(int inputSize, ModelConfig model, FFConfig ff, TrainingConfig training,
            NDManager parent, Engine engine, SavableRandom rng) {
        this.model = model;
        this.params = parent.newSubManager();
        this.goodness = PairGoodness.create(model.kind(), ff);
        this.loss = LayerLoss.create(ff);
        List<PlainFFLayer> ls = new ArrayList<>();
        int in = inputSize;
        for (int i = 0; i < model.hiddenSizes().size(); i++) {
            int out = model.hiddenSizes().get(i);
            ls.add(new PlainFFLayer(i, in, out, model.activation(), model.inputNorm(), training, params, engine,
                    rng.split()));
            in = out;
        }
        this.layers = List.copyOf(ls);
    }

    public PairGoodness goodness() {
        return goodness;
    }

    /** Every layer's weight and bias, layer by layer (checkpoints). */
    public List<NDArray> parameters() {
        List<NDArray> ps = new ArrayList<>();
        layers.forEach(l -> ps.addAll(l.parameters()));
        return ps;
    }

    /** Every layer's optimizer, layer by layer (checkpoints). */
    public List<Adam> optimizers() {
        return layers.stream().map(PlainFFLayer::optimizer).toList();
    }

    public int depth() {
        return layers.size();
    }

    /**
     * One training step of every layer in turn on {@code input}, {@code goodness().streams()}
     * stacked blocks of {@code n} rows.
     *
     * @return each layer's statistics, still on the device (in the caller's step manager)
     */
    public List<FFLayer.StepStats> trainStep(NDArray input, long n) {
        List<FFLayer.StepStats> stats = new ArrayList<>(layers.size());
        NDArray h = input;
        for (PlainFFLayer layer : layers) {
            FFLayer.StepOutput o = layer.trainStep(h, n, goodness, loss);
            stats.add(o.stats());
            NDArray next = o.output();
            if (model.skipConnections() && layer.index() > 0) {
                next = next.add(h);
            }
            if (model.dropout() > 0) {
                next = Dropout.dropout(next, (float) model.dropout(), true).singletonOrThrow();
            }
            h = next;
        }
        return stats;
    }

    /**
     * The representation of images {@code x} ({@code [rows, in]}, plain input): the layers run
     * as in training (skip connections included) without dropout, and {@code kind} says which
     * outputs make the representation. Arrays are made in {@code x}'s manager.
     */
    public NDArray representation(NDArray x, Representation kind) {
        NDList parts = new NDList();
        NDArray sum = null;
        NDArray h = x;
        int last = layers.size() - 1;
        for (PlainFFLayer layer : layers) {
            NDArray y = layer.forward(h);
            int i = layer.index();
            switch (kind) {
                case LAYER_SUM -> sum = sum == null ? y.duplicate() : sum.addi(y);
                case NORMALIZED_ALL -> parts.add(normalized(y));
                case NORMALIZED_FROM_SECOND -> {
                    if (i >= 1 || last == 0) {
                        parts.add(normalized(y));
                    }
                }
                case LAST_LAYER -> {
                    if (i == last) {
                        parts.add(y);
                    }
                }
                case AUTO -> throw new IllegalArgumentException("resolve representation auto before use");
            }
            h = model.skipConnections() && i > 0 ? y.add(h) : y;
        }
        if (sum != null) {
            return sum;
        }
        return parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts, 1);
    }

    /** The width of {@link #representation} of {@code kind}. */
    public long width(Representation kind) {
        List<Integer> w = model.hiddenSizes();
        return switch (kind) {
            case LAYER_SUM, LAST_LAYER -> w.get(w.size() - 1);
            case NORMALIZED_ALL -> w.stream().mapToLong(Integer::longValue).sum();
            case NORMALIZED_FROM_SECOND -> w.size() == 1 ? w.get(0)
                    : w.subList(1, w.size()).stream().mapToLong(Integer::longValue).sum();
            case AUTO -> throw new IllegalArgumentException("resolve representation auto before use");
        };
    }

    private static NDArray normalized(NDArray y) {
        return y.div(y.norm(new int[] {1}, true).addi(NORM_EPS));
    }

    /** Copies of layer {@code i}'s weight and bias (tests). */
    float[][] parameterValues(int i) {
        return layers.get(i).parameterValues();
    }

    @Override
    public void close() {
        params.close();
    }
}
