package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ffsweep.core.config.Options;
import org.ffsweep.core.ff.Goodness;
import org.ffsweep.core.nn.Activations;
import org.ffsweep.core.nn.Init;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.SavableRandom;

/**
 * One FF layer of K trials: the analytic step of {@code nn.FFLayer} on stacked parameters,
 * {@code [K, in, out]} weights and {@code [K, 1, out]} biases, with batched matmuls. Each trial's
 * slice computes what its solo layer computes (same operations, same order), each trial with
 * its own threshold and margin ({@link PackedLoss}) and Adam settings ({@link PackedAdam}).
 */
final class PackedLayer {
    private static final float NORM_EPS = 1e-4f;
    private static final int[] UNITS = {2};

    private final int index;
    private final int out;
    private final boolean overlayInput;
    private final boolean inputNorm;
    private final Options.Activation activation;
    private final Goodness goodness;
    private final PackedLoss loss;
    private final PackedAdam adam;
    private NDArray labelWeight;
    private NDArray weight;
    private NDArray bias;

    /** A layer's statistics of one step, per trial ({@code [K]} each), still on the device. */
    record Stats(NDArray loss, NDArray meanPos, NDArray meanNeg) {}

    /** The detached output {@code [K, rows, out]} for the next layer, and the statistics. */
    record Output(NDArray output, Stats stats) {}

    /**
     * Draws each trial's parameters from its stream of {@code rngs} exactly as {@code nn.FFLayer}
     * does (label rows, image rows, bias; PyTorch's {@code nn.Linear} bounds) and stacks them.
     */
    PackedLayer(int index, int in, int out, boolean overlayInput, Options.Activation activation, boolean inputNorm,
            Goodness goodness, PackedLoss loss, PackedAdam adam, NDManager params, List<SavableRandom> rngs) {
        this.index = index;
        this.out = out;
        this.overlayInput = overlayInput;
        this.activation = activation;
        this.inputNorm = inputNorm;
        this.goodness = goodness;
        this.loss = loss;
        this.adam = adam;
        int k = rngs.size();
        NDArray[] label = new NDArray[k];
        NDArray[] w = new NDArray[k];
        NDArray[] b = new NDArray[k];
        try (NDManager draws = params.newSubManager()) {
            for (int t = 0; t < k; t++) {
                SavableRandom rng = rngs.get(t);
                if (overlayInput) {
                    label[t] = Init.linearUniform(draws, new Shape(OverlayBatch.CLASSES, out), in, rng);
                }
                int rows = overlayInput ? in - OverlayBatch.CLASSES : in;
                w[t] = Init.linearUniform(draws, new Shape(rows, out), in, rng);
                b[t] = Init.linearUniform(draws, new Shape(1, out), in, rng);
            }
            labelWeight = overlayInput ? keep(NDArrays.stack(new NDList(label)), params) : null;
            weight = keep(NDArrays.stack(new NDList(w)), params);
            bias = keep(NDArrays.stack(new NDList(b)), params);
        }
    }

    private static NDArray keep(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    int index() {
        return index;
    }

    boolean takesOverlay() {
        return overlayInput;
    }

    private long trials() {
        return weight.getShape().get(0);
    }

    /** {@code a} with its last two axes swapped (a matrix, or a stack of them). */
    private static NDArray transposed(NDArray a) {
        return a.getShape().dimension() == 2 ? a.transpose() : a.transpose(0, 2, 1);
    }

    /** Activations for plain input rows {@code [K, rows, in]}. */
    NDArray forward(NDArray x) {
        return Activations.apply(activation, preActivation(x, null));
    }

    /**
     * {@code z = s (x W) + b} per row, {@code s = 1 / (|x| + 1e-4)} with input norm (else 1), as
     * {@code nn.FFLayer} computes it; {@code normOut}, when not null and with input norm, receives
     * {@code |x| + 1e-4} and {@code s} ({@code [K, rows, 1]}) in its slots 0 and 1.
     */
    private NDArray preActivation(NDArray x, NDArray[] normOut) {
        NDArray z = x.matMul(weight);
        if (inputNorm) {
            NDArray norm = x.norm(UNITS, true).addi(NORM_EPS);
            NDArray s = norm.pow(-1f);
            z.muli(s);
            if (normOut != null) {
                normOut[0] = norm;
                normOut[1] = s;
            } else {
                norm.close();
                s.close();
            }
        }
        return z.addi(bias);
    }

    /**
     * {@code db} ({@code [K, 1, out]}) from {@code dz} scaled by {@code 1 / norm} per row (norm
     * null: unscaled; else {@code [K or 1, rows, 1]}): each trial's {@code dz_t^T norm_t} is the
     * matrix-vector product of {@code nn.FFLayer} on the same 2-D slices, so a packed trial sums
     * in its solo run's order (a batched product sums in another).
     */
    private static NDArray biasGradient(NDArray dz, NDArray norm) {
        if (norm == null) {
            return dz.sum(new int[] {1}, true);
        }
        Shape s = dz.getShape();
        boolean shared = norm.getShape().get(0) == 1;
        NDList cols = new NDList();
        for (long t = 0; t < s.get(0); t++) {
            try (NDArray slice = dz.get(t); NDArray st = slice.transpose(); NDArray nt = norm.get(shared ? 0 : t)) {
                cols.add(st.matMul(nt));
            }
        }
        NDArray db = NDArrays.stack(cols).reshape(s.get(0), 1, s.get(2));
        cols.close();
        return db;
    }

    /** {@code batch.inverseNorm()} shaped to broadcast over {@code [K, groups, n, out]}; a view in {@code scope}. */
    private static NDArray inverseNorm4(PackedBatch batch, NDManager scope) {
        NDArray inv = batch.inverseNorm();
        return inScope(batch.shared() ? inv.reshape(batch.size(), 1) : inv.reshape(inv.getShape().get(0), 1,
                batch.size(), 1), scope);
    }

    /** {@code a} attached to {@code scope} (views of long-lived arrays must not pile up in their managers). */
    private static NDArray inScope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    /** The pre-activation of {@code groups} overlays of the batch's images, {@code [K, groups * n, out]}. */
    private NDArray overlayPreActivation(PackedBatch batch, NDArray scaledOneHot, int groups) {
        long k = trials();
        long n = batch.size();
        NDManager scope = scaledOneHot.getManager();
        NDArray image = imageTimesWeight(batch); // [K, n, out]
        image.attach(scope);
        NDArray z = scaledOneHot.matMul(labelWeight).reshape(k, groups, n, out);
        z.addi(image.reshape(k, 1, n, out));
        image.close();
        if (inputNorm) {
            z.muli(inverseNorm4(batch, scope));
        }
        return z.addi(inScope(bias.reshape(k, 1, 1, out), scope)).reshape(k, groups * n, out);
    }

    /**
     * {@code rest W} for every trial, {@code [K, n, out]}: a batched matmul, or, when the trials
     * share their images, one matmul {@code [n, d - 10] x [d - 10, K out]} over the concatenated
     * weights (the image rows are read once for all trials).
     */
    private NDArray imageTimesWeight(PackedBatch batch) {
        if (!batch.shared()) {
            return batch.rest().matMul(weight);
        }
        long k = trials();
        long rows = weight.getShape().get(1);
        NDArray wide;
        try (NDArray perm = weight.transpose(1, 0, 2)) {
            wide = perm.reshape(rows, k * out); // a copy: the permuted view is not contiguous
        }
        wide.attach(batch.rest().getManager());
        try (NDArray product = batch.rest().matMul(wide)) {
            wide.close();
            return product.reshape(batch.size(), k, out).transpose(1, 0, 2);
        }
    }

    /** Activations of each trial's test or training images overlaid with {@code label}, {@code [K, n, out]}. */
    NDArray forwardOverlayLabel(PackedBatch batch, NDArray image, int label) {
        NDArray row = labelWeight.get(new NDIndex(":, {}:{}, :", label, label + 1)); // [K, 1, out]
        row.attach(image.getManager());
        NDArray z = image.add(row.mul(batch.max()));
        if (inputNorm) {
            z.muli(batch.inverseNorm());
        }
        return Activations.apply(activation, z.addi(bias));
    }

    /** The image part of the overlay layer's {@code x W}, {@code [K, n, out]}, in {@code scope}. */
    NDArray imageProduct(PackedBatch batch, NDManager scope) {
        NDArray image = imageTimesWeight(batch);
        image.attach(scope);
        return image;
    }

    /** One step of a plain layer on {@code x [K, rows, in]}; each trial's first {@code positives} rows are positive. */
    Output trainStep(NDArray x, long positives) {
        NDArray[] norm = new NDArray[2];
        NDArray z = preActivation(x, norm);
        NDArray y = Activations.apply(activation, z);
        z = keepIfNeeded(z);
        Backward b = backward(y, z, positives, norm[1]);
        NDArray dz = b.dz();
        NDArray dw;
        try (NDArray xt = transposed(x)) {
            dw = xt.matMul(dz);
        }
        NDArray db = biasGradient(dz, norm[0]);
        dz.close();
        if (norm[0] != null) {
            norm[0].close();
            norm[1].close();
        }
        update(new NDArray[] {dw, db});
        return new Output(y, b.stats());
    }

    /** One step of the overlay layer on {@code groups} overlays of the batch (the first group positive). */
    Output trainStepOverlay(PackedBatch batch, NDArray scaledOneHot, int groups) {
        long k = trials();
        long n = batch.size();
        NDArray z = overlayPreActivation(batch, scaledOneHot, groups);
        NDArray y = Activations.apply(activation, z);
        z = keepIfNeeded(z);
        Backward b = backward(y, z, n, null);
        NDArray dz = b.dz();
        NDArray db = dz.sum(new int[] {1}, true);
        NDArray oneHot = scaledOneHot;
        if (inputNorm) {
            NDArray inv = batch.inverseNorm();
            if (batch.shared()) {
                inv = inScope(inv.reshape(1, n, 1), dz.getManager());
            }
            if (groups == 1) {
                oneHot = scaledOneHot.mul(inv);
            } else {
                try (NDArray scale = inv.tile(new long[] {1, groups, 1})) {
                    oneHot = scaledOneHot.mul(scale);
                }
            }
        }
        NDArray dLabel;
        try (NDArray oht = transposed(oneHot)) {
            dLabel = oht.matMul(dz);
        }
        NDArray blocks = dz;
        if (groups > 1) {
            try (NDArray stacked = dz.reshape(k, groups, n, out)) {
                blocks = stacked.sum(new int[] {1});
            }
        }
        if (inputNorm) {
            blocks.muli(batch.inverseNorm()); // dZ is no longer needed: in place
        }
        NDArray dImage;
        try (NDArray rt = transposed(batch.rest())) {
            dImage = rt.matMul(blocks);
        }
        dImage.attach(dz.getManager());
        if (blocks != dz) {
            blocks.close();
        }
        dz.close();
        update(new NDArray[] {dLabel, dImage, db});
        return new Output(y, b.stats());
    }

    private NDArray keepIfNeeded(NDArray z) {
        if (Activations.backwardNeedsInput(activation)) {
            return z;
        }
        z.close();
        return null;
    }

    private record Backward(NDArray dz, Stats stats) {}

    /** Goodness per row, {@code [K, rows]}, of activations {@code [K, rows, out]}. */
    NDArray goodness(NDArray y) {
        Shape s = y.getShape();
        return goodness.score(y.reshape(s.get(0) * s.get(1), s.get(2))).reshape(s.get(0), s.get(1));
    }

    /** As {@code nn.FFLayer}'s: {@code dz} scaled per row by {@code rowScale} when it is not null. */
    private Backward backward(NDArray y, NDArray z, long positives, NDArray rowScale) {
        NDArray g = goodness(y);
        NDList parts = g.split(new long[] {positives}, 1);
        NDArray gPos = parts.get(0);
        NDArray gNeg = parts.get(1);
        NDArray l = loss.loss(gPos, gNeg);
        Shape s = y.getShape();
        NDArray k = loss.gradient(gPos, gNeg).muli(goodness.slope(out)).reshape(s.get(0), s.get(1), 1);
        if (rowScale != null) {
            k.muli(rowScale);
        }
        NDArray dz = Activations.backward(activation, y, z, k, goodness.linearInActivations());
        return new Backward(dz, new Stats(l, gPos.mean(new int[] {1}), gNeg.mean(new int[] {1})));
    }

    private void update(NDArray[] grads) {
        NDArray[] ps = labelWeight == null ? new NDArray[] {weight, bias} : new NDArray[] {labelWeight, weight, bias};
        String prefix = "L" + index + ".";
        for (int i = 0; i < ps.length; i++) {
            try (NDArray grad = grads[i]) {
                adam.update(prefix + i, ps[i], grad);
            }
        }
    }

    /** Keeps the trials at {@code index} (an int64 array of slots into the current stack). */
    void retain(NDArray index) {
        NDManager params = weight.getManager();
        if (labelWeight != null) {
            labelWeight = replace(labelWeight, index, params);
        }
        weight = replace(weight, index, params);
        bias = replace(bias, index, params);
    }

    static NDArray replace(NDArray a, NDArray index, NDManager m) {
        NDArray kept = a.get(new NDIndex("{}", index));
        kept.attach(m);
        a.close();
        return kept;
    }

    /**
     * The stacked parameters ({@code [K, ...]}): label rows (overlay layer only), weight, bias, as
     * {@code nn.FFLayer} orders them.
     */
    NDArray[] parameters() {
        return labelWeight == null ? new NDArray[] {weight, bias} : new NDArray[] {labelWeight, weight, bias};
    }

    /**
     * Puts each trial's saved values of this layer's parameters in place: {@code values.get(t)[i]}
     * is trial slot t's parameter i, row-major (as a solo trial's checkpoint holds it).
     *
     * @throws IllegalStateException when a trial's values do not fit
     */
    void restore(List<float[][]> values) {
        NDArray[] ps = parameters();
        for (int i = 0; i < ps.length; i++) {
            long per = ps[i].size() / values.size();
            float[] all = new float[Math.toIntExact(ps[i].size())];
            for (int t = 0; t < values.size(); t++) {
                float[] v = values.get(t)[i];
                if (v.length != per) {
                    throw new IllegalStateException("layer " + index + " parameter " + i + " holds " + per
                            + " values per trial, the checkpoint of slot " + t + " " + v.length);
                }
                System.arraycopy(v, 0, all, Math.toIntExact(t * per), v.length);
            }
            ps[i].set(all);
        }
    }

    /** Copies of this layer's parameters of trial slot {@code slot} (tests and checkpoints). */
    float[][] parameterValues(int slot) {
        NDArray[] ps = labelWeight == null ? new NDArray[] {weight, bias} : new NDArray[] {labelWeight, weight, bias};
        float[][] v = new float[ps.length][];
        for (int i = 0; i < ps.length; i++) {
            v[i] = ps[i].get(slot).toFloatArray();
        }
        return v;
    }
}
