package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.PredictionSkip;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.nn.CpuKernels;
import org.ffsweep.core.nn.DropoutMasks;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.ReusableFloatBuffer;
import org.ffsweep.core.util.SavableRandom;

/**
 * K supervised FF networks of one shape ({@link PackKey}) as one: a stack of
 * {@link PackedLayer}s trained greedily like {@code nn.FFNetwork} (detached outputs, dropout,
 * skip connections), each trial with its own parameters, threshold, margin, Adam settings and
 * dropout probability and stream. Trials leave with {@link #retain}. Owns its parameters'
 * manager; close it to free them. Dropout masks are always drawn in Java, as a solo trial draws
 * them on CPU (on a GPU a solo trial uses libtorch's dropout, so packed and solo differ there).
 */
final class PackedNetwork implements AutoCloseable {
    private final List<PackedLayer> layers;
    private final NDManager params;
    private final ModelConfig model;
    private final FFConfig ff;
    private final Goodness goodness;
    private final PackedLoss loss;
    private final PackedAdam adam;
    private List<DropoutMasks> dropout;
    /** Each trial's dropout stream (the masks' own), by slot. */
    private List<SavableRandom> dropoutRngs;
    private final ReusableFloatBuffer maskBuffer = new ReusableFloatBuffer();

    /**
     * The networks of {@code trials} on {@code inputSize} values per image, in a sub-manager of
     * {@code parent}; trial i's parameters and dropout come from {@code rngs.get(i)}, split as
     * {@code nn.FFNetwork} splits its stream (one split per layer, then one for dropout).
     */
    PackedNetwork(int inputSize, List<TrialConfig> trials, NDManager parent, List<SavableRandom> rngs) {
        TrialConfig first = trials.get(0);
        this.model = first.model();
        this.ff = first.ff();
        this.params = parent.newSubManager();
        this.goodness = Goodness.create(ff.goodness());
        this.loss = new PackedLoss(trials.stream().map(TrialConfig::ff).toList(), params);
        this.adam = new PackedAdam(trials.stream().map(TrialConfig::training).toList(), params);
        List<PackedLayer> ls = new ArrayList<>();
        int in = inputSize;
        for (int i = 0; i < model.hiddenSizes().size(); i++) {
            int out = model.hiddenSizes().get(i);
            List<SavableRandom> layerRngs = rngs.stream().map(SavableRandom::split).toList();
            ls.add(new PackedLayer(i, in, out, i == 0, model.activation(), model.inputNorm(), goodness, loss, adam,
                    params, layerRngs));
            in = out;
        }
        this.layers = List.copyOf(ls);
        List<DropoutMasks> masks = new ArrayList<>();
        List<SavableRandom> dropoutStreams = new ArrayList<>();
        for (int t = 0; t < trials.size(); t++) {
            SavableRandom r = rngs.get(t).split();
            dropoutStreams.add(r);
            masks.add(new DropoutMasks(trials.get(t).model().dropout(), true, r));
        }
        this.dropout = List.copyOf(masks);
        this.dropoutRngs = List.copyOf(dropoutStreams);
    }

    List<PackedLayer> layers() {
        return layers;
    }

    /**
     * One training step of every layer in turn for every trial. Rows {@code [0, n)} of each
     * trial's overlay are its positives, the other {@code groups - 1} blocks of n rows negatives.
     *
     * @return each layer's per-trial statistics, on the device
     */
    List<PackedLayer.Stats> trainStep(PackedBatch batch, NDArray scaledOneHot, int groups) {
        long n = batch.size();
        List<PackedLayer.Stats> stats = new ArrayList<>(layers.size());
        NDArray h = null;
        for (PackedLayer layer : layers) {
            NDArray input = h;
            PackedLayer.Output o = layer.takesOverlay()
                    ? layer.trainStepOverlay(batch, scaledOneHot, groups)
                    : layer.trainStep(input, n);
            stats.add(o.stats());
            h = o.output();
            if (layer.index() == layers.size() - 1) {
                dropout.forEach(DropoutMasks::skip); // as nn.FFNetwork: the last output is not read
                break;
            }
            if (model.skipConnections() && layer.index() > 0) {
                h = h.add(input);
            }
            h = applyDropout(h);
        }
        return stats;
    }

    /**
     * Each trial's dropout on its slice of {@code h [K, rows, out]}, its own mask stream, in place
     * (on the CPU into a new array, {@code h} closed, when {@code h} is not contiguous).
     */
    private NDArray applyDropout(NDArray h) {
        if (dropout.stream().noneMatch(DropoutMasks::active)) {
            return h;
        }
        int per = Math.toIntExact(h.size() / dropout.size());
        if (CpuKernels.applies(h)) { // each trial's mask drawn and applied in one pass
            boolean inPlace = CpuKernels.contiguous(h);
            NDArray out = inPlace ? h : h.getManager().create(h.getShape(), DataType.FLOAT32);
            FloatBuffer src = CpuKernels.floats(h);
            FloatBuffer dst = inPlace ? src : CpuKernels.floats(out);
            for (int t = 0; t < dropout.size(); t++) {
                dropout.get(t).multiply(src, dst, t * per, per);
            }
            if (!inPlace) {
                h.close();
            }
            return out;
        }
        FloatBuffer buf = maskBuffer.get(per * dropout.size());
        for (int t = 0; t < dropout.size(); t++) {
            buf.position(t * per);
            if (dropout.get(t).active()) {
                dropout.get(t).fill(buf, per);
            } else {
                for (int i = 0; i < per; i++) {
                    buf.put(t * per + i, 1f);
                }
            }
        }
        buf.position(0);
        try (NDArray mask = h.getManager().create(buf, h.getShape(), DataType.FLOAT32)) {
            return h.muli(mask);
        }
    }

    /**
     * Goodness of each of the 10 labels overlaid on each image, per trial {@code [K, n, 10]},
     * summed over the layers the configuration names; no dropout. Arrays are made in {@code scope}.
     */
    NDArray goodnessPerLabel(PackedBatch batch, NDManager scope) {
        PackedLayer first = layers.get(0);
        NDArray image = first.imageProduct(batch, scope);
        NDArray[] perLabel = new NDArray[OverlayBatch.CLASSES];
        for (int label = 0; label < OverlayBatch.CLASSES; label++) {
            NDArray total = null;
            NDArray h = null;
            for (PackedLayer layer : layers) {
                NDArray in = h;
                NDArray y = layer.takesOverlay() ? layer.forwardOverlayLabel(batch, image, label) : layer.forward(in);
                if (counts(layer.index())) {
                    NDArray g = layer.goodness(y);
                    total = total == null ? g : total.add(g);
                }
                h = ff.predictionSkip() == PredictionSkip.APPLY && layer.index() > 0 ? y.add(in) : y;
            }
            perLabel[label] = total;
        }
        return NDArrays.stack(new NDList(perLabel), 2);
    }

    private boolean counts(int layerIndex) {
        return switch (ff.prediction()) {
            case ALL_LAYERS -> true;
            case LAST_LAYER -> layerIndex == layers.size() - 1;
            case FROM_SECOND -> layerIndex >= 1 || layers.size() == 1;
        };
    }

    /** Keeps the trials at {@code slots} (indices into the current stack, ascending); the others leave. */
    void retain(long[] slots) {
        try (NDArray index = params.create(slots, new Shape(slots.length))) {
            for (PackedLayer l : layers) {
                l.retain(index);
            }
            adam.retain(slots, index);
        }
        loss.retain(slots);
        List<DropoutMasks> kept = new ArrayList<>();
        for (long s : slots) {
            kept.add(dropout.get((int) s));
        }
        dropout = List.copyOf(kept);
        List<SavableRandom> keptRngs = new ArrayList<>();
        for (long s : slots) {
            keptRngs.add(dropoutRngs.get((int) s));
        }
        dropoutRngs = List.copyOf(keptRngs);
    }

    /** The dropout stream of trial slot {@code slot}. */
    SavableRandom dropoutRandom(int slot) {
        return dropoutRngs.get(slot);
    }

    /** Trial slot {@code slot}'s parameters, layer by layer, as {@code nn.FFNetwork#parameters} orders a solo's. */
    List<float[]> parameterValues(int slot) {
        List<float[]> out = new ArrayList<>();
        for (PackedLayer l : layers) {
            out.addAll(List.of(l.parameterValues(slot)));
        }
        return out;
    }

    /** Trial slot {@code slot}'s optimizer states, one per layer, as a solo trial's {@code nn.Adam}s save them. */
    List<Adam.State> optimizerStates(int slot) {
        return layers.stream().map(l -> adam.save(slot, ids(l))).toList();
    }

    /**
     * Puts every trial's saved parameters and optimizer states (a solo checkpoint's lists, by slot)
     * in place; before the first step.
     *
     * @throws IllegalStateException when they do not fit this network
     */
    void restore(List<List<float[]>> parameters, List<List<Adam.State>> optimizers) {
        int at = 0;
        for (PackedLayer l : layers) {
            int n = l.parameters().length;
            List<float[][]> values = new ArrayList<>();
            List<Adam.State> states = new ArrayList<>();
            for (int t = 0; t < parameters.size(); t++) {
                List<float[]> p = parameters.get(t);
                if (p.size() != parameterCount() || optimizers.get(t).size() != layers.size()) {
                    throw new IllegalStateException("the checkpoint holds " + p.size() + " parameters and "
                            + optimizers.get(t).size() + " optimizers, the model " + parameterCount() + " and "
                            + layers.size());
                }
                values.add(p.subList(at, at + n).toArray(float[][]::new));
                states.add(optimizers.get(t).get(l.index()));
            }
            l.restore(values);
            adam.restore(ids(l), l.parameters(), states);
            at += n;
        }
    }

    private int parameterCount() {
        return layers.stream().mapToInt(l -> l.parameters().length).sum();
    }

    /** The optimizer's names of a layer's parameters (as {@code nn.FFLayer} names them). */
    private static List<String> ids(PackedLayer l) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < l.parameters().length; i++) {
            ids.add("L" + l.index() + "." + i);
        }
        return ids;
    }

    /** The managers that live as long as the network: parameters, optimizer state (tests count what lives in them). */
    List<NDManager> longLivedManagers() {
        return List.of(params, adam.stateManager());
    }

    @Override
    public void close() {
        adam.close();
        params.close();
    }
}
