package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.LoopSettings;
import org.ffsweep.core.train.ModelScore;
import org.ffsweep.core.train.NegativeLabels;
import org.ffsweep.core.util.ReusableFloatBuffer;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * The packed analogue of {@code train.FFStepModel}: K supervised FF trials of one shape as one
 * {@link PackedNetwork}, each with its own streams split from its seed as the solo model splits
 * them (network; then the loop's, split into shuffle and negatives), so each trial draws the
 * same batches, negatives, dropout masks and initial weights as its solo run. Trials are held in
 * slots {@code 0..K-1}; {@link #retain} drops the others.
 */
final class PackedModel implements AutoCloseable {
    /** The largest activation array an evaluation makes for the whole pack, in bytes. */
    static final long BLOCK_BYTES = 16L << 20;

    private final PackedNetwork network;
    private final ImageSet train;
    private final ImageSet test;
    private final ImageSet validation;
    private final FFConfig ff;
    private final MetricsConfig metrics;
    private final LoopSettings settings;
    private final NDManager root;
    private final TrialConfig first;
    private List<SavableRandom> shuffleRngs;
    private List<SavableRandom> negativeRngs;
    private final DeviceImages images = new DeviceImages();
    private final ReusableFloatBuffer oneHotBuffer = new ReusableFloatBuffer();
    private OverlayBatch testBatch;
    private OverlayBatch validationBatch;
    private Batch trainEval;
    private List<int[]> fixedNegatives;

    /**
     * One round's images for every trial in its slot, with the negatives drawn once per batch or
     * trial ({@code negatives = once}), else null; stacked for the network on first use.
     */
    static final class Batch {
        private final List<OverlayBatch> images;
        private final List<int[]> fixedNegatives;
        private final NDManager scope;
        private PackedBatch stacked;

        Batch(List<OverlayBatch> images, List<int[]> fixedNegatives, NDManager scope) {
            this.images = images;
            this.fixedNegatives = fixedNegatives;
            this.scope = scope;
        }

        /** The images as one {@link PackedBatch}: shared when every trial holds the same batch. */
        PackedBatch packed() {
            if (stacked == null) {
                stacked = stack(images, scope);
            }
            return stacked;
        }

        /** This batch for the trials at {@code slots} only. */
        Batch retain(long[] slots) {
            List<OverlayBatch> im = new ArrayList<>();
            List<int[]> neg = fixedNegatives == null ? null : new ArrayList<>();
            for (long s : slots) {
                im.add(images.get((int) s));
                if (neg != null) {
                    neg.add(fixedNegatives.get((int) s));
                }
            }
            if (stacked != null && !stacked.shared()) {
                stacked.rest().close();
                stacked.inverseNorm().close();
            }
            return new Batch(im, neg, scope);
        }
    }

    /** A pack that holds out no validation set. */
    PackedModel(List<TrialConfig> trials, ImageSet train, ImageSet test, NDManager root, List<SavableRandom> rngs) {
        this(trials, train, null, test, root, rngs);
    }

    /**
     * Builds the trials' networks in {@code root}; trial i's stream is {@code rngs.get(i)} (its
     * seed's), split as {@code FFStepModel} splits it. {@code validation} (or null) is the set every
     * trial is validated on: the trials of a pack with a validation split share their seed's split
     * ({@link PackKey}).
     */
    PackedModel(List<TrialConfig> trials, ImageSet train, ImageSet validation, ImageSet test, NDManager root,
            List<SavableRandom> rngs) {
        List<SavableRandom> net = new ArrayList<>();
        List<SavableRandom> shuffle = new ArrayList<>();
        List<SavableRandom> negative = new ArrayList<>();
        for (SavableRandom rng : rngs) {
            net.add(rng.split());
            SavableRandom loop = rng.split();
            shuffle.add(loop.split());
            negative.add(loop.split());
        }
        this.network = new PackedNetwork(train.pixelsPerImage(), trials, root, net);
        this.shuffleRngs = shuffle;
        this.negativeRngs = negative;
        this.first = trials.get(0);
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.ff = first.ff();
        this.metrics = first.metrics();
        this.settings = LoopSettings.of(first.training(), first.metrics(), false);
        this.root = root;
    }

    PackedNetwork network() {
        return network;
    }

    LoopSettings settings() {
        return settings;
    }

    int trainingImages() {
        return train.count();
    }

    int trials() {
        return shuffleRngs.size();
    }

    /** The shuffle stream of the trial in {@code slot}. */
    SavableRandom orderRandom(int slot) {
        return shuffleRngs.get(slot);
    }

    /** As {@code StepModel.begin}, with each trial's initial order. */
    void begin(int[][] orders, NDManager data) {
        testBatch = images.batch(test, Shuffle.range(test.count()), data);
        if (validation != null) {
            validationBatch = images.batch(validation, Shuffle.range(validation.count()), data);
        }
        if (settings.schedule() == Schedule.EPOCHS) {
            if (ff.negatives() == NegativeMode.ONCE) {
                int[] all = new int[train.count()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = train.label(i);
                }
                fixedNegatives = new ArrayList<>();
                for (SavableRandom r : negativeRngs) {
                    fixedNegatives.add(NegativeLabels.randomWrong(all, r));
                }
            }
            if (metrics.trainEvalSize() > 0) {
                int[][] rows = new int[orders.length][];
                for (int t = 0; t < orders.length; t++) {
                    rows[t] = Arrays.copyOf(orders[t], Math.min(orders[t].length, metrics.trainEvalSize()));
                }
                trainEval = new Batch(overlays(rows, data), null, data);
            }
        }
    }

    /** Each trial's batch of {@code rows[slot]}; one upload when all trials hold the same rows. */
    private List<OverlayBatch> overlays(int[][] rows, NDManager scope) {
        List<OverlayBatch> out = new ArrayList<>();
        for (int t = 0; t < rows.length; t++) {
            out.add(t > 0 && Arrays.equals(rows[t], rows[0]) ? out.get(0) : images.batch(train, rows[t], scope));
        }
        return out;
    }

    /** As {@code StepModel.batch}, with each trial's rows. */
    Batch batch(int[][] rows, NDManager scope) {
        List<OverlayBatch> b = overlays(rows, scope);
        if (ff.negatives() != NegativeMode.ONCE) {
            return new Batch(b, null, scope);
        }
        List<int[]> negs = new ArrayList<>();
        for (int t = 0; t < rows.length; t++) {
            if (settings.schedule() == Schedule.CHUNKED) {
                negs.add(NegativeLabels.randomWrong(b.get(t).labels(), negativeRngs.get(t)));
            } else {
                int[] neg = new int[rows[t].length];
                for (int i = 0; i < neg.length; i++) {
                    neg[i] = fixedNegatives.get(t)[rows[t][i]];
                }
                negs.add(neg);
            }
        }
        return new Batch(b, negs, scope);
    }

    /** One training step of every trial; each layer's per-trial statistics, in {@code scope}. */
    List<PackedLayer.Stats> step(Batch batch, NDManager scope) {
        int k = batch.images.size();
        int[][] overlayLabels = new int[k][];
        for (int t = 0; t < k; t++) {
            OverlayBatch b = batch.images.get(t);
            int[] neg = batch.fixedNegatives != null ? batch.fixedNegatives.get(t)
                    : ff.negatives() == NegativeMode.ALL ? NegativeLabels.allWrong(b.labels())
                    : NegativeLabels.randomWrong(b.labels(), negativeRngs.get(t));
            overlayLabels[t] = NegativeLabels.concat(b.labels(), neg);
        }
        int n = batch.images.get(0).size();
        int groups = overlayLabels[0].length / n;
        NDArray oneHot = scaledOneHot(batch.images, overlayLabels, scope);
        return network.trainStep(batch.packed(), oneHot, groups);
    }

    /** {@code [K, rows, 10]}: trial t's rows one-hot for {@code labels[t]}, scaled by its batch's max. */
    private NDArray scaledOneHot(List<OverlayBatch> batches, int[][] labels, NDManager scope) {
        int rows = labels[0].length;
        FloatBuffer buf = oneHotBuffer.get(labels.length * rows * OverlayBatch.CLASSES);
        for (int t = 0; t < labels.length; t++) {
            float max = batches.get(t).max();
            for (int label : labels[t]) {
                for (int c = 0; c < OverlayBatch.CLASSES; c++) {
                    buf.put(c == label ? max : 0f);
                }
            }
        }
        buf.flip();
        try (NDArray alias = scope.create(buf, new Shape(labels.length, rows, OverlayBatch.CLASSES),
                DataType.FLOAT32)) {
            return alias.duplicate(); // the buffer is reused: no live array may alias it
        }
    }

    /** Each trial's score, by slot; {@code current} is the batch being trained on, or null. */
    List<ModelScore> evaluate(Batch current) {
        int k = trials();
        Batch trainBatch = settings.schedule() == Schedule.CHUNKED ? current : trainEval;
        double[] trainAcc = new double[k];
        Arrays.fill(trainAcc, Double.NaN);
        if (trainBatch != null && metrics.trainEvalSize() > 0) {
            List<EvaluationResult> r = evaluate(trainBatch.packed());
            for (int t = 0; t < k; t++) {
                trainAcc[t] = r.get(t).accuracy();
            }
        }
        List<EvaluationResult> tests = evaluateShared(testBatch, k);
        List<EvaluationResult> validations = validationBatch == null ? null : evaluateShared(validationBatch, k);
        List<ModelScore> out = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            out.add(new ModelScore(trainAcc[t], tests.get(t),
                    validations == null ? Double.NaN : validations.get(t).accuracy()));
        }
        return out;
    }

    /** Every trial's score on the same images {@code batch}. */
    private List<EvaluationResult> evaluateShared(OverlayBatch batch, int k) {
        try (NDManager scope = root.newSubManager()) {
            List<OverlayBatch> same = new ArrayList<>();
            for (int t = 0; t < k; t++) {
                same.add(batch);
            }
            return evaluate(stack(same, scope));
        }
    }

    /**
     * Each trial's predictions scored against its labels, as {@code eval.FFEvaluator} does. The
     * images go through in blocks of rows whose largest activation array stays under
     * {@value #BLOCK_BYTES} bytes for the whole pack (a prediction is per row, so blocks change
     * nothing): K trials' full-size temporaries would otherwise be K times a solo trial's, and
     * arrays past glibc's mmap threshold (32 MB under the launcher) are fresh pages every time.
     */
    private List<EvaluationResult> evaluate(PackedBatch batch) {
        int k = batch.labels().length;
        int n = batch.size();
        int widest = first.model().hiddenSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int block = (int) Math.max(1, Math.min(n, BLOCK_BYTES / ((long) k * widest * Float.BYTES)));
        int[][] predicted = new int[k][n];
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            try (NDManager scope = root.newSubManager()) {
                PackedBatch rows = block == n ? batch : rows(batch, from, to, scope);
                long[] best = network.goodnessPerLabel(rows, scope).argMax(2).toLongArray();
                for (int t = 0; t < k; t++) {
                    for (int i = from; i < to; i++) {
                        predicted[t][i] = (int) best[t * (to - from) + i - from];
                    }
                }
            }
        }
        List<EvaluationResult> out = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            out.add(EvaluationResult.of(predicted[t], batch.labels()[t]));
        }
        return out;
    }

    /** Rows {@code [from, to)} of every trial's images, views in {@code scope}. */
    private static PackedBatch rows(PackedBatch batch, int from, int to, NDManager scope) {
        String index = batch.shared() ? "{}:{}" : ":, {}:{}";
        NDArray rest = batch.rest().get(new NDIndex(index, from, to));
        NDArray inv = batch.inverseNorm().get(new NDIndex(index, from, to));
        rest.attach(scope);
        inv.attach(scope);
        int[][] labels = new int[batch.labels().length][];
        for (int t = 0; t < labels.length; t++) {
            labels[t] = Arrays.copyOfRange(batch.labels()[t], from, to);
        }
        return new PackedBatch(rest, inv, batch.max(), labels);
    }

    /**
     * The random streams of trial slot {@code slot} in the order {@code FFStepModel#parts} lists a
     * solo trial's (shuffle, negatives, dropout), so that a checkpoint of either continues in the other.
     */
    List<SavableRandom> randoms(int slot) {
        return List.of(shuffleRngs.get(slot), negativeRngs.get(slot), network.dropoutRandom(slot));
    }

    /** Keeps the trials at {@code slots} (ascending indices into the current slots). */
    void retain(long[] slots) {
        network.retain(slots);
        shuffleRngs = pick(shuffleRngs, slots);
        negativeRngs = pick(negativeRngs, slots);
        if (fixedNegatives != null) {
            fixedNegatives = pick(fixedNegatives, slots);
        }
        if (trainEval != null) {
            trainEval = trainEval.retain(slots);
        }
    }

    private static <T> List<T> pick(List<T> values, long[] slots) {
        List<T> out = new ArrayList<>();
        for (long s : slots) {
            out.add(values.get((int) s));
        }
        return out;
    }

    /**
     * The batches as one: their images stacked, or shared (no trial axis) when they are all the
     * same batch; each trial's overlay value, {@code [K, 1, 1]}.
     */
    static PackedBatch stack(List<OverlayBatch> batches, NDManager scope) {
        int k = batches.size();
        float[] max = new float[k];
        int[][] labels = new int[k][];
        boolean shared = true;
        for (int t = 0; t < k; t++) {
            OverlayBatch b = batches.get(t);
            max[t] = b.max();
            labels[t] = b.labels();
            shared &= b == batches.get(0);
        }
        NDArray maxes = scope.create(max, new Shape(k, 1, 1));
        if (shared) {
            OverlayBatch b = batches.get(0);
            return new PackedBatch(b.rest(), b.inverseNorm(), maxes, labels);
        }
        NDArray rest = NDArrays.stack(new NDList(batches.stream().map(OverlayBatch::rest).toArray(NDArray[]::new)));
        NDArray inv = NDArrays.stack(
                new NDList(batches.stream().map(OverlayBatch::inverseNorm).toArray(NDArray[]::new)));
        rest.attach(scope);
        inv.attach(scope);
        return new PackedBatch(rest, inv, maxes, labels);
    }

    @Override
    public void close() {
        network.close();
    }
}
