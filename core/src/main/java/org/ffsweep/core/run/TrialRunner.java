package org.ffsweep.core.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.ffsweep.core.backprop.BackpropStepModel;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.DivergenceCheck;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.FFStepModel;
import org.ffsweep.core.train.StepModel;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingLoop;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.unsup.UnsupervisedStepModel;
import org.ffsweep.core.util.Autograd;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one seam between ffsweep's front ends (CLI, Spark tasks) and the FF core: seeds, builds
 * the model kind's {@link StepModel}, trains it in the {@link TrainingLoop} and frees it. A trial
 * that diverges or that a listener stops is a result; bad input and bugs are exceptions. The
 * device is chosen and checked once per trial ({@link #lease}), before the caller loads any data.
 *
 * <p>Several trials may run at once in one JVM, each on its own thread: the supervised FF step
 * records no autograd graph, the kinds that do take DJL's one gradient collector a step at a time
 * ({@link Autograd}), and every random draw of a trial comes from its own Java streams. The one
 * exception is dropout drawn by libtorch's process-wide generator (the backprop baseline, the
 * unsupervised kinds, and the FF kind on a GPU): such trials seed that generator and so hold
 * {@link #ENGINE_RANDOM} for their whole run, one at a time, to keep their numbers reproducible.
 * libtorch's intra-op thread count is set by each trial on its own thread.
 */
public final class TrialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);
    private static final String ENGINE = "PyTorch";
    /** Held by a trial that draws from libtorch's process-wide generator, for its whole run. */
    private static final ReentrantLock ENGINE_RANDOM = new ReentrantLock(true);

    private TrialRunner() {}

    /**
     * Chooses the device a trial trains on and checks that it works; close the lease when the
     * trial ends. Call it before loading data, so that a broken device fails before any work.
     *
     * @param gpuAddress the GPU address Spark assigned to the task, or null (see {@link DeviceChooser})
     * @throws DeviceUnavailableException when the device cannot be used (a fault of the machine)
     */
    public static DeviceChooser.Lease lease(RuntimeConfig runtime, String gpuAddress) {
        long t0 = System.nanoTime();
        Engine engine = Engine.getEngine(ENGINE);
        DeviceChooser.Lease lease = DeviceChooser.choose(runtime.device(), gpuAddress, engine.getGpuCount());
        try {
            DeviceChooser.healthCheck(lease.device(), ENGINE);
            return lease.withCheckSeconds(secondsSince(t0));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Runs {@code trial} on {@code data}, on a device of ffsweep's own choosing ({@link #lease}). */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, TrialData data,
            List<TrainingListener> listeners) {
        return run(trial, runtime, data, listeners, Checkpointing.off());
    }

    /** As {@link #run(TrialConfig, RuntimeConfig, TrialData, List)}, with checkpoints ({@link TrainingLoop}). */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, TrialData data,
            List<TrainingListener> listeners, Checkpointing checkpointing) {
        try (DeviceChooser.Lease lease = lease(runtime, null)) {
            return run(trial, runtime, lease, data, listeners, checkpointing);
        }
    }

    /**
     * Runs {@code trial} on {@code data} on the leased device. Every trial runs with a
     * {@link DivergenceCheck} ahead of {@code listeners}; any listener may stop it between steps
     * (status {@code stopped}, metrics so far kept).
     */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            List<TrainingListener> listeners) {
        return run(trial, runtime, lease, data, listeners, Checkpointing.off());
    }

    /**
     * As {@link #run(TrialConfig, RuntimeConfig, DeviceChooser.Lease, TrialData, List)}, continuing
     * from the checkpoint in {@code checkpointing}'s store if there is one and saving checkpoints
     * there ({@link TrainingLoop#run(StepModel, List, NDManager, Checkpointing)}): a trial a listener
     * stops keeps its checkpoint (status {@code stopped}) and continues when run again with it.
     */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            List<TrainingListener> listeners, Checkpointing checkpointing) {
        boolean engineRandom = drawsFromEngine(trial, lease.device());
        if (engineRandom) {
            ENGINE_RANDOM.lock();
        }
        String hash = trial.configHash();
        MDC.put("trialId", hash);
        try {
            long t0 = System.nanoTime();
            Engine engine = Engine.getEngine(ENGINE);
            int threads = runtime.threads() > 0 ? runtime.threads() : Runtime.getRuntime().availableProcessors();
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(false); // threads may start with it on; the collector turns it on to train
            List<TrainingListener> all = new ArrayList<>();
            all.add(new DivergenceCheck());
            all.addAll(listeners);
            return train(trial, hash, lease, threads, engine, data, all, checkpointing, t0);
        } finally {
            MDC.remove("trialId");
            if (engineRandom) {
                ENGINE_RANDOM.unlock();
            }
        }
    }

    /**
     * Whether {@code trial} draws dropout masks from libtorch's process-wide generator: the FF kind
     * draws them in Java on a CPU ({@code DropoutMasks}), every other kind and every GPU uses libtorch's.
     */
    static boolean drawsFromEngine(TrialConfig trial, Device device) {
        return trial.model().dropout() > 0 && (trial.model().kind() != ModelKind.FF || device.isGpu());
    }

    private static TrialResult train(TrialConfig trial, String hash, DeviceChooser.Lease lease, int threads,
            Engine engine, TrialData data, List<TrainingListener> listeners, Checkpointing checkpointing, long t0) {
        Device device = lease.device();
        if (drawsFromEngine(trial, device)) {
            engine.setRandomSeed((int) (trial.seed() ^ (trial.seed() >>> 32)));
        }
        SavableRandom rng = new SavableRandom(trial.seed());
        LOG.info("trial {} on {} with {} threads", hash, device, threads);
        Map<Phase, Double> phases = new EnumMap<>(Phase.class);
        try (NDManager root = NDManager.newBaseManager(device, ENGINE);
                StepModel<?> model = model(trial, data, root, engine, rng)) {
            phases.put(Phase.SETUP, lease.checkSeconds() + secondsSince(t0));
            TrainingOutcome o = TrainingLoop.run(model, listeners, root, checkpointing);
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

    /**
     * The model kind's step model, on the training images left once {@code data.validation-size}
     * are held out ({@link ValidationSplit}); each kind splits the trial's stream its own way (see
     * their constructors).
     */
    private static StepModel<?> model(TrialConfig trial, TrialData data, NDManager root, Engine engine,
            SavableRandom rng) {
        ValidationSplit split = ValidationSplit.of(data.train(), trial.data().validationSize(), trial.seed());
        return switch (trial.model().kind()) {
            case FF -> new FFStepModel(trial, split.train(), split.validation(), data.test(), root, engine, rng);
            case FF_UNSUPERVISED, FF_CLASS_PAIRS -> new UnsupervisedStepModel(trial, split.train(), split.validation(),
                    data.test(), root, engine, rng);
            case BACKPROP_MLP -> new BackpropStepModel(trial, split.train(), split.validation(), data.test(), root,
                    engine, rng);
        };
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
