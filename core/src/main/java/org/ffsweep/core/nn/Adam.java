package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ffsweep.core.config.TrainingConfig;

/**
 * Adam with a trial's learning rate, betas and epsilon, whose state (each parameter's first and
 * second moments and update count) it owns, so that a checkpoint can save and restore it
 * ({@link #save}, {@link #restore}). It computes exactly what DJL's {@code Optimizer.adam()}
 * computes, with the same engine call ({@code NDArrayEx.adamUpdate}): the step count t is, as in
 * DJL, the highest update count of any parameter of this optimizer, the bias correction
 * {@code lr * sqrt(1 - beta2^t) / (1 - beta1^t)} is computed in double and rounded to float, no
 * weight decay, no gradient rescaling or clipping. The moments are zeros like the parameter at its
 * first update and live in the parameter's manager. One optimizer per layer or per network.
 */
public final class Adam {
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    private final Map<String, SavedMoments> pending = new HashMap<>();
    private int numUpdate;

    /**
     * The saved state of an optimizer.
     *
     * @param numUpdate the step count (the highest update count of any parameter)
     * @param moments each parameter's moments, in the order of their first update
     */
    public record State(int numUpdate, List<SavedMoments> moments) implements Serializable {
        public State {
            moments = List.copyOf(moments);
        }
    }

    /**
     * One parameter's saved moments.
     *
     * @param id the parameter's id
     * @param count how many updates it has had
     * @param mean the first moment, row-major
     * @param variance the second moment, row-major
     */
    public record SavedMoments(String id, int count, float[] mean, float[] variance) implements Serializable {}

    private static final class Moments {
        int count;
        final NDArray mean;
        final NDArray variance;

        Moments(int count, NDArray mean, NDArray variance) {
            this.count = count;
            this.mean = mean;
            this.variance = variance;
        }
    }

    private Adam(TrainingConfig training) {
        this.learningRate = (float) training.learningRate();
        this.beta1 = (float) training.beta1();
        this.beta2 = (float) training.beta2();
        this.epsilon = (float) training.epsilon();
    }

    /** A new optimizer with no state. */
    public static Adam of(TrainingConfig training) {
        return new Adam(training);
    }

    /** One Adam step of {@code weight} (in place) with {@code grad}; {@code id} names the parameter. */
    public void update(String id, NDArray weight, NDArray grad) {
        Moments m = moments.computeIfAbsent(id, k -> fresh(k, weight));
        m.count++;
        numUpdate = Math.max(numUpdate, m.count);
        int t = numUpdate;
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        if (Float.isNaN(corrected) || Float.isInfinite(corrected)) {
            throw new IllegalArgumentException("learning rate " + learningRate + " gives a bias-corrected rate of "
                    + corrected + " at step " + t);
        }
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m.mean, m.variance),
                new NDList(weight), learningRate, corrected, 0f, 1f, -1f, beta1, beta2, epsilon,
                true, false);
    }

    private Moments fresh(String id, NDArray weight) {
        SavedMoments s = pending.remove(id);
        if (s == null) {
            return new Moments(0, weight.zerosLike(), weight.zerosLike());
        }
        long size = weight.size();
        if (s.mean().length != size || s.variance().length != size) {
            throw new IllegalStateException("saved Adam moments of " + id + " hold " + s.mean().length
                    + " values, the parameter " + size);
        }
        return new Moments(s.count(), weight.getManager().create(s.mean(), weight.getShape()),
                weight.getManager().create(s.variance(), weight.getShape()));
    }

    /** The state: step count and every parameter's moments, copied to Java arrays. */
    public State save() {
        List<SavedMoments> out = new ArrayList<>();
        for (Map.Entry<String, Moments> e : moments.entrySet()) {
            Moments m = e.getValue();
            out.add(new SavedMoments(e.getKey(), m.count, m.mean.toFloatArray(), m.variance.toFloatArray()));
        }
        out.addAll(pending.values());
        return new State(numUpdate, out);
    }

    /**
     * Continues from {@code state} (an optimizer that has not updated yet): each parameter's
     * moments are put on its device at its next update.
     */
    public void restore(State state) {
        if (!moments.isEmpty()) {
            throw new IllegalStateException("restore an optimizer before its first update");
        }
        pending.clear();
        for (SavedMoments s : state.moments()) {
            pending.put(s.id(), s);
        }
        numUpdate = state.numUpdate();
    }
}
