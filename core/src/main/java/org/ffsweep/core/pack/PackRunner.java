package org.ffsweep.core.pack;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.DivergenceCheck;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs K supervised FF trials of one {@link PackKey} as one packed model: the packed analogue
 * of {@code run.TrialRunner.run}, giving each trial the {@link TrialResult} its solo run gives
 * (same steps, evaluations, status and phases; numbers equal up to float rounding, timings the
 * pack's). Every trial runs with a {@link DivergenceCheck} ahead of its own listeners; a trial
 * that diverges or that a listener stops leaves the pack and the others go on. The pack uses no
 * autograd and no engine random generator (all draws are Java streams split from each trial's
 * seed), so it holds no process-wide state but libtorch's thread count.
 */
public final class PackRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PackRunner.class);
    private static final String ENGINE = "PyTorch";

    private PackRunner() {}

    /**
     * Trains {@code trials} packed on {@code data} on the leased device; trial i hears
     * {@code listeners.get(i)}. Results in the order of {@code trials}.
     *
     * @throws IllegalArgumentException when the trials do not share one {@link PackKey}, the list
     *     is empty, or the listener lists do not match the trials one to one
     */
    public static List<TrialResult> run(List<TrialConfig> trials, RuntimeConfig runtime, DeviceChooser.Lease lease,
            TrialData data, List<List<TrainingListener>> listeners) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one trial");
        }
        if (listeners.size() != trials.size()) {
            throw new IllegalArgumentException("need one listener list per trial: " + trials.size() + " trials, "
                    + listeners.size() + " lists");
        }
        PackKey key = PackKey.of(trials.get(0));
        for (TrialConfig t : trials) {
            if (!PackKey.of(t).equals(key)) {
                throw new IllegalArgumentException("trial " + t.name() + " (" + t.configHash() + ") differs from trial "
                        + trials.get(0).name() + " in more than " + PackKey.PER_TRIAL + ": it cannot join its pack");
            }
        }
        List<String> hashes = trials.stream().map(TrialConfig::configHash).toList();
        MDC.put("trialId", String.join("+", hashes));
        try {
            long t0 = System.nanoTime();
            Engine engine = Engine.getEngine(ENGINE);
            int threads = runtime.threads() > 0 ? runtime.threads() : Runtime.getRuntime().availableProcessors();
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(false);
            List<List<TrainingListener>> all = new ArrayList<>();
            for (List<TrainingListener> l : listeners) {
                List<TrainingListener> withCheck = new ArrayList<>();
                withCheck.add(new DivergenceCheck());
                withCheck.addAll(l);
                all.add(withCheck);
            }
            return train(trials, hashes, lease, threads, engine, data, all, t0);
        } finally {
            MDC.remove("trialId");
        }
    }

    private static List<TrialResult> train(List<TrialConfig> trials, List<String> hashes, DeviceChooser.Lease lease,
            int threads, Engine engine, TrialData data, List<List<TrainingListener>> listeners, long t0) {
        Device device = lease.device();
        List<SavableRandom> rngs = trials.stream().map(t -> new SavableRandom(t.seed())).toList();
        LOG.info("pack of {} trials {} on {} with {} threads", trials.size(), hashes, device, threads);
        try (NDManager root = NDManager.newBaseManager(device, ENGINE);
                PackedModel model = new PackedModel(trials, data.train(), data.test(), root, rngs)) {
            double setup = lease.checkSeconds() + (System.nanoTime() - t0) / 1e9;
            List<TrainingOutcome> outcomes = PackedLoop.run(model, listeners, root);
            List<TrialResult> results = new ArrayList<>();
            for (int i = 0; i < trials.size(); i++) {
                results.add(result(trials.get(i), hashes.get(i), data, device, engine, setup, outcomes.get(i)));
            }
            return results;
        }
    }

    /** The result {@code run.TrialRunner} makes of a solo trial's outcome. */
    private static TrialResult result(TrialConfig trial, String hash, TrialData data, Device device, Engine engine,
            double setupSeconds, TrainingOutcome o) {
        Map<Phase, Double> phases = new EnumMap<>(Phase.class);
        phases.put(Phase.SETUP, setupSeconds);
        phases.put(Phase.TRAIN, o.trainSeconds());
        phases.put(Phase.EVAL, o.evalSeconds());
        EvalMetrics last = o.evals().isEmpty() ? null : o.evals().get(o.evals().size() - 1);
        TrialStatus status = switch (o.ending().action()) {
            case CONTINUE -> TrialStatus.COMPLETED;
            case STOP -> TrialStatus.STOPPED;
            case DIVERGE -> TrialStatus.DIVERGED;
        };
        return new TrialResult(trial, hash, data.fingerprint(), status, o.ending().reason(),
                last == null ? Double.NaN : last.trainAccuracy(),
                last == null ? Double.NaN : last.testAccuracy(),
                last != null && last.collapsed(), o.stepsRun(), phases, device.toString(), Versions.of(engine),
                o.steps(), o.evals());
    }
}
