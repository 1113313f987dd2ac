package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.nn.Adam;

/**
 * Adam over stacked parameters ({@code [K, ...]}, trial first) with each trial's own learning
 * rate, betas and epsilon: per trial the numbers of DJL's {@code Adam} as ffsweep builds it
 * ({@code nn.Adam}: no weight decay, no gradient rescaling or clipping). Like DJL, the bias
 * correction is folded into the step size, computed in Java in double from the float settings,
 * {@code lr_t = (float) (lr * sqrt(1 - beta2^t) / (1 - beta1^t))}, and the update is DJL's
 * PyTorch kernel's: {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
 * {@code w -= m lr_t / (sqrt(v) + eps)} with eps outside the square root. Up to float rounding
 * (libtorch fuses some of these products into one rounding), a trial's slice moves as its solo
 * optimizer would. The step count {@code t} is the same for all trials: they step in lockstep.
 */
final class PackedAdam implements AutoCloseable {
    private final NDManager state;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private float[] lr;
    private float[] beta1;
    private float[] beta2;
    private NDArray beta1s;
    private NDArray oneMinusBeta1;
    private NDArray beta2s;
    private NDArray oneMinusBeta2;
    private NDArray eps;

    /** An optimizer for the trials' {@code training} settings, its state in a sub-manager of {@code parent}. */
    PackedAdam(List<TrainingConfig> training, NDManager parent) {
        this.state = parent.newSubManager();
        int k = training.size();
        lr = new float[k];
        beta1 = new float[k];
        beta2 = new float[k];
        float[] e = new float[k];
        for (int i = 0; i < k; i++) {
            TrainingConfig t = training.get(i);
            lr[i] = (float) t.learningRate();
            beta1[i] = (float) t.beta1();
            beta2[i] = (float) t.beta2();
            e[i] = (float) t.epsilon();
        }
        settings(e);
    }

    private void settings(float[] e) {
        int k = lr.length;
        float[] om1 = new float[k];
        float[] om2 = new float[k];
        for (int i = 0; i < k; i++) {
            om1[i] = 1 - beta1[i]; // float, as the kernel computes 1 - beta1 from a float
            om2[i] = 1 - beta2[i];
        }
        beta1s = perTrial(beta1);
        oneMinusBeta1 = perTrial(om1);
        beta2s = perTrial(beta2);
        oneMinusBeta2 = perTrial(om2);
        eps = perTrial(e);
    }

    /** {@code values} as {@code [K, 1, 1]}, broadcasting over any parameter of rank up to 3. */
    private NDArray perTrial(float[] values) {
        return state.create(values, new Shape(values.length, 1, 1));
    }

    /**
     * One Adam step of parameter {@code id} ({@code [K, a, b]}) with gradient {@code grad} (same
     * shape), in place.
     */
    void update(String id, NDArray weight, NDArray grad) {
        int t = counts.merge(id, 1, Integer::sum);
        NDArray m = means.computeIfAbsent(id, x -> stateZeros(weight));
        NDArray v = variances.computeIfAbsent(id, x -> stateZeros(weight));
        float[] step = new float[lr.length];
        for (int i = 0; i < step.length; i++) {
            double c1 = 1.0 - Math.pow(beta1[i], t);
            double c2 = 1.0 - Math.pow(beta2[i], t);
            step[i] = (float) (lr[i] * Math.sqrt(c2) / c1);
        }
        // Every temporary lives in this scope (an operation's result joins its first operand's manager).
        try (NDManager scope = grad.getManager().newSubManager()) {
            NDArray lrT = scope.create(step, new Shape(step.length, 1, 1));
            NDArray g = grad.mul(oneMinusBeta1);
            g.attach(scope);
            m.muli(beta1s).addi(g);
            NDArray g2 = grad.square();
            g2.attach(scope);
            v.muli(beta2s).addi(g2.muli(oneMinusBeta2));
            NDArray denominator = v.sqrt();
            denominator.attach(scope);
            weight.subi(lrT.mul(m).divi(denominator.addi(eps)));
        }
    }

    /**
     * Trial slot {@code slot}'s state for the parameters {@code ids} (one layer's, in order) as the
     * solo {@code nn.Adam} of that layer saves it: the step count and each parameter's moments.
     */
    Adam.State save(int slot, List<String> ids) {
        List<Adam.SavedMoments> out = new ArrayList<>();
        int numUpdate = 0;
        for (String id : ids) {
            Integer count = counts.get(id);
            if (count == null) {
                continue;
            }
            numUpdate = Math.max(numUpdate, count);
            out.add(new Adam.SavedMoments(id, count, means.get(id).get(slot).toFloatArray(),
                    variances.get(id).get(slot).toFloatArray()));
        }
        return new Adam.State(numUpdate, out);
    }

    /**
     * Continues from each trial's saved state of one layer ({@code states.get(t)} for slot t),
     * whose parameters {@code ids} are stacked like {@code weights}. The trials must have had the
     * same number of updates (a pack steps in lockstep).
     *
     * @throws IllegalStateException when they have not, or the moments do not fit
     */
    void restore(List<String> ids, NDArray[] weights, List<Adam.State> states) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            long per = weights[i].size() / states.size();
            float[] mean = new float[Math.toIntExact(weights[i].size())];
            float[] variance = new float[mean.length];
            Integer count = null;
            for (int t = 0; t < states.size(); t++) {
                Adam.SavedMoments m = states.get(t).moments().stream().filter(x -> x.id().equals(id)).findFirst()
                        .orElse(null);
                int c = m == null ? 0 : m.count();
                if (count != null && c != count) {
                    throw new IllegalStateException("the trials of a pack must have had as many updates of " + id
                            + ": " + count + " and " + c);
                }
                count = c;
                if (m == null) {
                    continue;
                }
                if (m.mean().length != per || m.variance().length != per) {
                    throw new IllegalStateException("saved Adam moments of " + id + " hold " + m.mean().length
                            + " values, the parameter " + per + " per trial");
                }
                System.arraycopy(m.mean(), 0, mean, Math.toIntExact(t * per), m.mean().length);
                System.arraycopy(m.variance(), 0, variance, Math.toIntExact(t * per), m.variance().length);
            }
            if (count == null || count == 0) {
                continue;
            }
            for (Map<String, NDArray> map : List.of(means, variances)) {
                NDArray old = map.remove(id);
                if (old != null) {
                    old.close();
                }
            }
            means.put(id, state.create(mean, weights[i].getShape()));
            variances.put(id, state.create(variance, weights[i].getShape()));
            counts.put(id, count);
        }
    }

    private NDArray stateZeros(NDArray weight) {
        NDArray z = weight.zerosLike();
        z.attach(state);
        return z;
    }

    /**
     * Keeps the trials at {@code slots} (indices into the current stack, in order): the
     * optimizer state and the per-trial settings of the others are dropped.
     */
    void retain(long[] slots, NDArray index) {
        for (Map<String, NDArray> states : List.of(means, variances)) {
            for (Map.Entry<String, NDArray> e : states.entrySet()) {
                e.setValue(PackedLayer.replace(e.getValue(), index, state));
            }
        }
        float[] e = eps.toFloatArray();
        lr = pick(lr, slots);
        beta1 = pick(beta1, slots);
        beta2 = pick(beta2, slots);
        for (NDArray a : new NDArray[] {beta1s, oneMinusBeta1, beta2s, oneMinusBeta2, eps}) {
            a.close();
        }
        settings(pick(e, slots));
    }

    static float[] pick(float[] values, long[] slots) {
        float[] out = new float[slots.length];
        for (int i = 0; i < slots.length; i++) {
            out[i] = values[(int) slots[i]];
        }
        return out;
    }

    /** The manager of the optimizer's state (tests count what lives in it). */
    NDManager stateManager() {
        return state;
    }

    @Override
    public void close() {
        state.close();
    }
}
