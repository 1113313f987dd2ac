package org.ffsweep.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.PredictionSkip;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.ff.LayerLoss;
import org.ffsweep.core.util.SavableRandom;

/**
 * An ordered stack of {@link FFLayer}s trained greedily: each layer's input is the previous
 * layer's detached output (plus dropout and skip connections in training), so no gradient
 * crosses layers. Owns its parameters' manager; close it to free them.
 */
public final class FFNetwork implements AutoCloseable {
    private final List<FFLayer> layers;
    private final NDManager params;
    private final ModelConfig model;
    private final FFConfig ff;
    private final Goodness goodness;
    private final DropoutMasks dropout;

    /**
     * A network of {@code model}'s widths on {@code inputSize} values per image, its parameters in
     * a sub-manager of {@code parent}, initialised from {@code rng}. {@code engine} is not used by
     * the FF step, which records no autograd graph; it stays in the signature for its callers.
     */
    public FFNetwork(int inputSize, ModelConfig model, FFConfig ff, TrainingConfig training, NDManager parent,
            Engine engine, SavableRandom rng) {
        if (inputSize <= OverlayBatch.CLASSES) {
            throw new IllegalArgumentException("input size must exceed the 10 overlay values, got " + inputSize);
        }
        this.model = model;
        this.ff = ff;
        this.params = parent.newSubManager();
        this.goodness = Goodness.create(ff.goodness());
        LayerLoss loss = LayerLoss.create(ff);
        List<FFLayer> ls = new ArrayList<>();
        int in = inputSize;
        for (int i = 0; i < model.hiddenSizes().size(); i++) {
            int out = model.hiddenSizes().get(i);
            ls.add(new FFLayer(i, in, out, i == 0, model.activation(), model.inputNorm(), goodness, loss, training,
                    params, rng.split()));
            in = out;
        }
        this.layers = List.copyOf(ls);
        this.dropout = new DropoutMasks(model.dropout(), !params.getDevice().isGpu(), rng.split());
    }

    /** Every layer's parameters, layer by layer (the order {@link FFLayer} keeps them in). */
    public List<NDArray> parameters() {
        List<NDArray> ps = new ArrayList<>();
        for (FFLayer l : layers) {
            ps.addAll(List.of(l.parameters()));
        }
        return ps;
    }

    /** Every layer's optimizer, layer by layer. */
    public List<Adam> optimizers() {
        return layers.stream().map(FFLayer::optimizer).toList();
    }

    /** The stream the dropout masks are drawn from (the only one the network draws from once built). */
    public SavableRandom dropoutRandom() {
        return dropout.random();
    }

    public List<FFLayer> layers() {
        return layers;
    }

    /**
     * One training step of every layer in turn. Rows {@code [0, n)} of the overlay are the
     * positives; the other {@code groups - 1} blocks of n rows are negatives.
     *
     * @return the statistics of each layer's step, still on the device (in the step's manager)
     */
    public List<FFLayer.StepStats> trainStep(OverlayBatch batch, NDArray scaledOneHot, int groups) {
        long n = batch.size();
        List<FFLayer.StepStats> stats = new ArrayList<>(layers.size());
        NDArray h = null;
        for (FFLayer layer : layers) {
            NDArray input = h;
            FFLayer.StepOutput o = layer.takesOverlay()
                    ? layer.trainStepOverlay(batch, scaledOneHot, groups)
                    : layer.trainStep(input, n);
            stats.add(o.stats());
            h = o.output();
            if (layer.index() == layers.size() - 1) {
                dropout.skip(); // nothing reads the last output: no skip sum, no mask, the same later masks
                break;
            }
            if (model.skipConnections() && layer.index() > 0) {
                h = h.add(input);
            }
            h = dropout.apply(h);
        }
        return stats;
    }

    /**
     * Goodness of each of the 10 labels overlaid on each image, {@code [n, 10]}, summed over
     * the layers the configuration names; no dropout. Arrays are made in {@code scope}.
     */
    public NDArray goodnessPerLabel(OverlayBatch batch, NDManager scope) {
        FFLayer first = layers.get(0);
        NDArray image = first.imageProduct(batch, scope);
        NDArray[] perLabel = new NDArray[OverlayBatch.CLASSES];
        for (int label = 0; label < OverlayBatch.CLASSES; label++) {
            NDArray total = null;
            NDArray h = null;
            for (FFLayer layer : layers) {
                NDArray in = h;
                NDArray y = layer.takesOverlay() ? layer.forwardOverlayLabel(batch, image, label) : layer.forward(in);
                if (counts(layer.index())) {
                    NDArray g = goodness.score(y);
                    total = total == null ? g : total.add(g);
                }
                h = ff.predictionSkip() == PredictionSkip.APPLY && layer.index() > 0 ? y.add(in) : y;
            }
            perLabel[label] = total;
        }
        return ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(perLabel), 1);
    }

    private boolean counts(int layerIndex) {
        return switch (ff.prediction()) {
            case ALL_LAYERS -> true;
            case LAST_LAYER -> layerIndex == layers.size() - 1;
            case FROM_SECOND -> layerIndex >= 1 || layers.size() == 1;
        };
    }

    @Override
    public void close() {
        params.close();
    }
}
