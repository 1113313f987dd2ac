package org.ffsweep.core.pack;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.TrialCheckpoint;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.run.ValidationSplit;
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
 *
 * <p>Trials that hold out a validation set ({@code data.validation-size}) share their seed (it is
 * in their {@link PackKey}), so they share {@link ValidationSplit}'s split: the pack trains on its
 * training images and records each trial's validation accuracy as its solo run does. With
 * {@link Checkpointing} per trial, each trial continues from its checkpoint (a solo run's or a
 * pack's: one format, {@code checkpoint.TrialCheckpoint}) and saves its own; trials whose
 * checkpoints are at different places (another step, or one with an evaluation pending and one
 * without, or none) train as separate packs, one after the other, in the order of their first trial.
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
        return run(trials, runtime, lease, data, listeners, trials.stream().map(t -> Checkpointing.off()).toList());
    }

    /**
     * As {@link #run(List, RuntimeConfig, DeviceChooser.Lease, TrialData, List)}, trial i
     * continuing from the checkpoint in {@code checkpointing.get(i)}'s store if there is one and
     * saving checkpoints there (as {@code train.TrainingLoop} does for a solo trial: a trial a
     * listener stops keeps its checkpoint, status {@code stopped}).
     *
     * @throws IllegalArgumentException as the other {@code run}, or when the checkpointing list does not match
     * @throws java.io.UncheckedIOException when a checkpoint cannot be read or written
     * @throws IllegalStateException when a checkpoint belongs to another trial or other data
     */
    public static List<TrialResult> run(List<TrialConfig> trials, RuntimeConfig runtime, DeviceChooser.Lease lease,
            TrialData data, List<List<TrainingListener>> listeners, List<Checkpointing> checkpointing) {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one trial");
        }
        if (listeners.size() != trials.size() || checkpointing.size() != trials.size()) {
            throw new IllegalArgumentException("need one listener list and one checkpointing per trial: "
                    + trials.size() + " trials, " + listeners.size() + " lists, " + checkpointing.size()
                    + " checkpointings");
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
            List<TrialCheckpoint> resumes = new ArrayList<>();
            for (Checkpointing c : checkpointing) {
                resumes.add(c.enabled() ? c.load().orElse(null) : null);
            }
            // trials whose checkpoints are at one place train together
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int i = 0; i < trials.size(); i++) {
                TrialCheckpoint cp = resumes.get(i);
                String at = cp == null ? "fresh"
                        : cp.step() + "/" + cp.round() + "/" + cp.inRound() + "/" + cp.evalDue();
                groups.computeIfAbsent(at, k -> new ArrayList<>()).add(i);
            }
            TrialResult[] results = new TrialResult[trials.size()];
            for (List<Integer> g : groups.values()) {
                List<TrialResult> r = train(pick(trials, g), pick(hashes, g), lease, threads, engine, data,
                        pick(all, g), pick(checkpointing, g), pick(resumes, g), t0);
                for (int j = 0; j < g.size(); j++) {
                    results[g.get(j)] = r.get(j);
                }
                t0 = System.nanoTime();
            }
            return List.of(results);
        } finally {
            MDC.remove("trialId");
        }
    }

    private static <T> List<T> pick(List<T> values, List<Integer> at) {
        List<T> out = new ArrayList<>();
        for (int i : at) {
            out.add(values.get(i));
        }
        return out;
    }

    private static List<TrialResult> train(List<TrialConfig> trials, List<String> hashes, DeviceChooser.Lease lease,
            int threads, Engine engine, TrialData data, List<List<TrainingListener>> listeners,
            List<Checkpointing> checkpointing, List<TrialCheckpoint> resumes, long t0) {
        Device device = lease.device();
        List<SavableRandom> rngs = trials.stream().map(t -> new SavableRandom(t.seed())).toList();
        TrialConfig first = trials.get(0);
        // one split for all: with a validation set the trials share their seed (PackKey)
        ValidationSplit split = ValidationSplit.of(data.train(), first.data().validationSize(), first.seed());
        LOG.info("pack of {} trials {} on {} with {} threads{}", trials.size(), hashes, device, threads,
                resumes.get(0) == null ? "" : ", continuing from step " + resumes.get(0).step());
        try (NDManager root = NDManager.newBaseManager(device, ENGINE);
                PackedModel model = new PackedModel(trials, split.train(), split.validation(), data.test(), root,
                        rngs)) {
            double setup = lease.checkSeconds() + (System.nanoTime() - t0) / 1e9;
            List<TrainingOutcome> outcomes = PackedLoop.run(model, listeners, checkpointing, resumes, root);
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
