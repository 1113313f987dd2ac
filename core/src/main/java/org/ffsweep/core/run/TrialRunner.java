package org.ffsweep.core.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ffsweep.core.backprop.BackpropTrainer;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.nn.FFNetwork;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.FFTrainer;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.unsup.UnsupervisedTrainer;
import org.ffsweep.core.util.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one seam between ffsweep's front ends (CLI, Spark tasks) and the FF core: seeds, builds,
 * trains, evaluates and frees one trial. Divergence is a result; bad input and bugs are
 * exceptions. The PyTorch engine's gradient recording and random generator are per process, so
 * at most one trial runs per JVM at a time.
 */
public final class TrialRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);
    private static final String ENGINE = "PyTorch";
    private static final AtomicBoolean RUNNING = new AtomicBoolean();

    private TrialRunner() {}

    /**
     * Checks, before any data is loaded, that the device a trial would get works.
     *
     * @throws DeviceUnavailableException when it does not
     */
    public static void checkDevice(RuntimeConfig runtime, String gpuAddress) {
        Engine engine = Engine.getEngine(ENGINE);
        try (DeviceChooser.Lease lease = DeviceChooser.choose(runtime.device(), gpuAddress, engine.getGpuCount())) {
            DeviceChooser.healthCheck(lease.device(), ENGINE);
        }
    }

    /** Runs {@code trial} on {@code train} and {@code test}, on a device of ffsweep's own choosing. */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, ImageSet train, ImageSet test,
            String dataFingerprint, TrainingListener listener) {
        return run(trial, runtime, null, train, test, dataFingerprint, listener);
    }

    /**
     * Runs {@code trial} on {@code train} and {@code test}.
     *
     * @param gpuAddress the GPU address Spark assigned to the task, or null (see {@link DeviceChooser})
     * @throws DeviceUnavailableException when the device cannot be used (a fault of the machine)
     */
    public static TrialResult run(TrialConfig trial, RuntimeConfig runtime, String gpuAddress, ImageSet train,
            ImageSet test, String dataFingerprint, TrainingListener listener) {
        if (!RUNNING.compareAndSet(false, true)) {
            throw new IllegalStateException("another trial is training in this JVM; PyTorch's gradient collector and"
                    + " random generator are per process, so run one trial per JVM at a time");
        }
        String hash = trial.configHash();
        MDC.put("trialId", hash);
        try {
            long t0 = System.nanoTime();
            Engine engine = Engine.getEngine(ENGINE);
            int threads = runtime.threads() > 0 ? runtime.threads() : Runtime.getRuntime().availableProcessors();
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(false); // threads may start with it on; the collector turns it on to train
            try (DeviceChooser.Lease lease = DeviceChooser.choose(runtime.device(), gpuAddress, engine.getGpuCount())) {
                DeviceChooser.healthCheck(lease.device(), ENGINE);
                return train(trial, hash, lease.device(), threads, engine, train, test, dataFingerprint, listener, t0);
            }
        } finally {
            MDC.remove("trialId");
            RUNNING.set(false);
        }
    }

    private static TrialResult train(TrialConfig trial, String hash, Device device, int threads, Engine engine,
            ImageSet train, ImageSet test, String dataFingerprint, TrainingListener listener, long t0) {
        engine.setRandomSeed((int) (trial.seed() ^ (trial.seed() >>> 32)));
        SplittableRandom rng = new SplittableRandom(trial.seed());
        LOG.info("trial {} on {} with {} threads", hash, device, threads);
        Map<Phase, Double> phases = new EnumMap<>(Phase.class);
        try (NDManager root = NDManager.newBaseManager(device, ENGINE)) {
            if (trial.model().kind() == ModelKind.BACKPROP_MLP) {
                phases.put(Phase.SETUP, secondsSince(t0));
                TrainingOutcome o = new BackpropTrainer(trial.model(), trial.training(), trial.metrics(),
                        train, test, listener, root, engine).run(rng);
                phases.put(Phase.TRAIN, o.trainSeconds());
                phases.put(Phase.EVAL, o.evalSeconds());
                return result(trial, hash, dataFingerprint, o.divergence(), o.steps(), o.evals(), phases, device,
                        engine, o.stepsRun());
            }
            if (trial.model().kind().probed()) {
                phases.put(Phase.SETUP, secondsSince(t0));
                TrainingOutcome o = UnsupervisedTrainer.train(trial, train, test, listener, root, engine, rng);
                phases.put(Phase.TRAIN, o.trainSeconds());
                phases.put(Phase.EVAL, o.evalSeconds());
                return result(trial, hash, dataFingerprint, o.divergence(), o.steps(), o.evals(), phases, device,
                        engine, o.stepsRun());
            }
            try (FFNetwork network = new FFNetwork(train.pixelsPerImage(), trial.model(), trial.ff(),
                    trial.training(), root, engine, rng.split())) {
                phases.put(Phase.SETUP, secondsSince(t0));
                TrainingOutcome o = new FFTrainer(network, train, test, trial.ff(), trial.training(),
                        trial.metrics(), listener, root).run(rng.split());
                phases.put(Phase.TRAIN, o.trainSeconds());
                phases.put(Phase.EVAL, o.evalSeconds());
                return result(trial, hash, dataFingerprint, o.divergence(), o.steps(), o.evals(), phases, device,
                        engine, o.stepsRun());
            }
        }
    }

    private static TrialResult result(TrialConfig trial, String hash, String fingerprint, String divergence,
            List<org.ffsweep.core.train.StepMetrics> steps, List<EvalMetrics> evals, Map<Phase, Double> phases,
            Device device, Engine engine, long stepsRun) {
        EvalMetrics last = evals.isEmpty() ? null : evals.get(evals.size() - 1);
        return new TrialResult(trial, hash, fingerprint,
                divergence == null ? TrialStatus.COMPLETED : TrialStatus.DIVERGED, divergence,
                last == null ? Double.NaN : last.trainAccuracy(),
                last == null ? Double.NaN : last.testAccuracy(),
                last != null && last.collapsed(), stepsRun, phases, device.toString(), Versions.of(engine), steps,
                evals);
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
