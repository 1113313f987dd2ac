package org.ffsweep.sweep.grid;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ffsweep.core.config.ConfigEnum;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.TrialConfig;

/**
 * {@code ffsweep.sweep.scheduler}: whether a sweep prunes its trials at rungs, how it ranks them
 * there and where the rungs are. Rungs are steps: the {@code rungs} list, or
 * {@code min-steps * reduction-factor^k} for k = 0, 1, ...; a trial has the rungs below its total
 * steps. The rules are in docs/pruning.md ("How the scheduler decides").
 *
 * @param kind none, asha or successive-halving
 * @param metric what a trial reports at a rung
 * @param rungs explicit rung steps, ascending (empty: from minSteps and reductionFactor)
 * @param minSteps the first rung when {@code rungs} is empty
 * @param reductionFactor eta: about 1 in eta trials goes on at each rung, and rungs grow by it
 * @param plateauGuardSteps a trial on the FF plateau is promoted at rungs up to this step
 */
public record SchedulerSettings(Kind kind, Metric metric, List<Long> rungs, long minSteps, int reductionFactor,
        long plateauGuardSteps) implements Serializable {
    private static final String PATH = "ffsweep.sweep.scheduler";

    /** The scheduler's kind. */
    public enum Kind implements ConfigEnum {
        /** Every trial runs to its end. */
        NONE,
        /** Asynchronous successive halving, decided in the sweep's trial order. */
        ASHA,
        /** Each rung waits for all of its trials. */
        SUCCESSIVE_HALVING
    }

    /** What a trial reports at a rung: the value of its last evaluation (or record) at or before the rung step. */
    public enum Metric implements ConfigEnum {
        /**
         * Validation accuracy rounded to 0.1 point, equal ones ranked by the mean over layers of
         * (g_pos - g_neg) / threshold (docs/pruning.md: on the FF plateau every trial has the same
         * accuracy and the separation still ranks them); needs data.validation-size above 0.
         */
        VALIDATION_ACCURACY_THEN_SEPARATION,
        /** Accuracy on the images held out of the training set (needs data.validation-size above 0); higher is better. */
        VALIDATION_ACCURACY,
        /** The last recorded loss of the last layer; lower is better. */
        LAST_LAYER_LOSS;

        /** It reads the validation split. */
        public boolean needsValidation() {
            return this != LAST_LAYER_LOSS;
        }
    }

    public SchedulerSettings {
        rungs = List.copyOf(rungs);
        for (int i = 0; i < rungs.size(); i++) {
            if (rungs.get(i) <= 0 || i > 0 && rungs.get(i) <= rungs.get(i - 1)) {
                throw new IllegalArgumentException("rungs must be positive steps in ascending order, got " + rungs);
            }
        }
        if (minSteps < 1) {
            throw new IllegalArgumentException("min-steps must be >= 1, got " + minSteps);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("reduction-factor must be >= 2, got " + reductionFactor);
        }
        if (plateauGuardSteps < 0) {
            throw new IllegalArgumentException("plateau-guard-steps must be >= 0, got " + plateauGuardSteps);
        }
    }

    /** A scheduler is set. */
    public boolean enabled() {
        return kind != Kind.NONE;
    }

    /** Whether rungs decide asynchronously (asha) rather than each waiting for all its trials. */
    public boolean asha() {
        return kind == Kind.ASHA;
    }

    /** The step of rung {@code k} (0-based), or -1 past the last explicit rung. */
    public long rungStep(int k) {
        if (!rungs.isEmpty()) {
            return k < rungs.size() ? rungs.get(k) : -1;
        }
        long s = minSteps;
        for (int i = 0; i < k; i++) {
            if (s > Long.MAX_VALUE / reductionFactor) {
                return -1;
            }
            s *= reductionFactor;
        }
        return s;
    }

    /** The rungs of a trial of {@code totalSteps} steps: the rung steps below it. */
    public long[] rungsBelow(long totalSteps) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; ; k++) {
            long s = rungStep(k);
            if (s < 0 || s >= totalSteps) {
                break;
            }
            out.add(s);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** The plateau guard covers rung {@code k}. */
    public boolean guarded(int k) {
        return rungStep(k) <= plateauGuardSteps;
    }

    /** One line: {@code asha on validation-accuracy, rungs 50, 150, 450, ... (eta 3), plateau guard to step 0}. */
    public String describe() {
        if (!enabled()) {
            return "no scheduler";
        }
        String r = rungs.isEmpty() ? String.format(Locale.ROOT, "%d, %d, %d, ... (min-steps * %d^k)", rungStep(0),
                rungStep(1), rungStep(2), reductionFactor) : rungs.toString().replaceAll("[\\[\\]]", "");
        return String.format(Locale.ROOT, "%s on %s, rungs at steps %s, reduction factor %d, plateau guard to step %d",
                kind.key(), metric.key(), r, reductionFactor, plateauGuardSteps);
    }

    /** Reads {@code ffsweep.sweep.scheduler} of a loaded configuration; a bad value names its file, line and key. */
    public static SchedulerSettings read(Config root) {
        Config c = root.getConfig(PATH);
        Kind kind = choice(c, "kind", Kind.class);
        String metricText = c.getString("metric").trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (metricText.equals("test-accuracy")) {
            throw new ConfigException.BadValue(c.getValue("metric").origin(), PATH + ".metric", "test-accuracy cannot"
                    + " decide (the test set is only reported); use validation-accuracy-then-separation"
                    + " or validation-accuracy (with ffsweep.trial.data.validation-size > 0) or last-layer-loss");
        }
        Metric metric = choice(c, "metric", Metric.class);
        List<Long> rungs = new ArrayList<>();
        for (Number n : c.getNumberList("rungs")) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new ConfigException.BadValue(c.getValue("rungs").origin(), PATH + ".rungs",
                        "rungs must be whole steps, got " + n);
            }
            rungs.add(n.longValue());
        }
        long min = whole(c, "min-steps");
        long eta = whole(c, "reduction-factor");
        long guard = whole(c, "plateau-guard-steps");
        try {
            return new SchedulerSettings(kind, metric, rungs, min, (int) Math.min(eta, Integer.MAX_VALUE), guard);
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().substring(0, e.getMessage().indexOf(' '));
            throw new ConfigException.BadValue(c.getValue(key).origin(), PATH + "." + key, e.getMessage());
        }
    }

    /**
     * Checks that the sweep's trials can be scheduled: each can be checkpointed exactly, has a
     * validation set for the validation metrics, and is evaluated at every rung step
     * ({@code metrics.eval-every-steps} above 0 and dividing each rung below its total steps).
     *
     * @throws IllegalArgumentException naming the key and the trial when one cannot
     */
    public void check(List<TrialSpec> trials) {
        if (!enabled()) {
            return;
        }
        for (TrialSpec t : trials) {
            TrialConfig c = t.config();
            String which = "trial " + t.trialId() + " (" + PATH + ".kind = " + kind.key() + ")";
            if (metric.needsValidation() && c.data().validationSize() <= 0) {
                throw new IllegalArgumentException("ffsweep.trial.data.validation-size: " + c.data().validationSize()
                        + " in " + which + "; a scheduler on " + metric.key() + " needs images held out (set it above"
                        + " 0, e.g. 2000), or use " + PATH + ".metric = last-layer-loss");
            }
            if (c.model().kind() != ModelKind.FF && c.model().dropout() > 0) {
                throw new IllegalArgumentException("ffsweep.trial.model.dropout: " + c.model().dropout() + " in "
                        + which + "; " + c.model().kind().key() + " with dropout cannot be checkpointed exactly, so"
                        + " it cannot be paused at rungs (set dropout = 0, or " + PATH + ".kind = none)");
            }
            int every = c.metrics().evalEverySteps();
            long[] own = rungsBelow(PlannedSteps.of(c));
            long bad = Arrays.stream(own).filter(r -> every <= 0 || r % every != 0).findFirst().orElse(-1);
            if (every <= 0 || bad >= 0) {
                throw new IllegalArgumentException("ffsweep.trial.metrics.eval-every-steps: " + every + " in " + which
                        + "; the scheduler reads the evaluation at each rung step, so eval-every-steps must be above 0"
                        + " and divide every rung (rung at step " + (bad >= 0 ? bad : rungStep(0)) + ")");
            }
        }
    }

    private static <E extends Enum<E> & ConfigEnum> E choice(Config c, String key, Class<E> type) {
        try {
            return ConfigEnum.parse(type, c.getString(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(c.getValue(key).origin(), PATH + "." + key, e.getMessage());
        }
    }

    private static long whole(Config c, String key) {
        double v = c.getDouble(key);
        if (v != Math.rint(v) || Math.abs(v) > 1e15) {
            throw new ConfigException.BadValue(c.getValue(key).origin(), PATH + "." + key,
                    String.format(Locale.ROOT, "must be a whole number, got %s", c.getValue(key).unwrapped()));
        }
        return (long) v;
    }
}
