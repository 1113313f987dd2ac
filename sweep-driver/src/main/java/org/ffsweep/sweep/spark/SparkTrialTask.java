package org.ffsweep.sweep.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.config.CheckpointConfig;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.pack.PackPlanner;
import org.ffsweep.core.pack.PackRunner;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.DeviceUnavailableException;
import org.ffsweep.core.run.Execution;
import org.ffsweep.core.run.MeasurementCache;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.sweep.grid.PackingSettings;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.HadoopCheckpointStore;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.schedule.RungStop;

/**
 * Runs one trial, or one pack of trials, inside a Spark task (a scheduled trial's segment, or the
 * segments of a pack of them). Executor side; captures nothing but its arguments.
 *
 * <p>A trial that throws becomes a result row. A device that cannot be used is a fault of the
 * executor, not of the trial: {@link DeviceUnavailableException} escapes, so Spark retries the
 * trial elsewhere and (with {@code spark.excludeOnFailure.enabled}) gives that executor no more.
 * Tasks that share an executor JVM train at once, each on its task thread with its own libtorch
 * threads ({@link #forThisExecutor}); see {@code TrialRunner} for what they share.
 */
public final class SparkTrialTask {
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";

    private SparkTrialTask() {}

    /** Runs one trial alone. */
    public static TaskOutcome run(TrialSpec spec, RuntimeConfig runtime, String dataSettings) {
        return runPack(List.of(spec), runtime, dataSettings).get(0);
    }

    /**
     * Where and when trials save checkpoints (solo trials, and each trial of a scheduled pack):
     * under {@code resultsRoot}/_checkpoints/ (every host sees the results folder), by {@code settings}.
     *
     * @param resultsRoot the results folder, fully qualified
     * @param settings {@code ffsweep.checkpoint}
     */
    public record Checkpoints(String resultsRoot, CheckpointConfig settings) implements java.io.Serializable {}

    /** Runs {@code pack} without checkpoints. */
    public static List<TaskOutcome> runPack(List<TrialSpec> pack, RuntimeConfig runtime, String dataSettings) {
        return runPack(pack, runtime, dataSettings, null, null);
    }

    /**
     * Runs one segment of a scheduled trial: from its checkpoint (or step 0) to {@code rung}, where
     * it stops (status {@code stopped}, its checkpoint kept), or to its end when {@code rung} is
     * null or not below its total steps.
     */
    public static TaskOutcome runSegment(TrialSpec spec, RuntimeConfig runtime, String dataSettings,
            Checkpoints checkpoints, RungStop rung) {
        return runPack(List.of(spec), runtime, dataSettings, checkpoints, rung).get(0);
    }

    /**
     * Runs the segments of {@code pack}, trials of one {@link org.ffsweep.core.pack.PackKey} that
     * pause at the same rung (or all run to their ends), as one packed model: each trial continues
     * from its own checkpoint and stops at the rung with its own {@link RungStop} while the others
     * go on ({@link PackRunner}); one outcome per trial, in order.
     */
    public static List<TaskOutcome> runSegments(List<TrialSpec> pack, RuntimeConfig runtime, String dataSettings,
            Checkpoints checkpoints, RungStop rung) {
        return runPack(pack, runtime, dataSettings, checkpoints, rung);
    }

    /**
     * Runs {@code pack}: one trial alone, or several trials of one {@link org.ffsweep.core.pack.PackKey} as one packed
     * model ({@link PackRunner}); one outcome per trial, in order. A pack that throws makes every
     * one of its trials a failed row with the error.
     */
    public static List<TaskOutcome> runPack(List<TrialSpec> pack, RuntimeConfig runtime, String dataSettings,
            Checkpoints checkpoints, RungStop rung) {
        TaskOutcome.Placement where = placement(TaskContext.get());
        RuntimeConfig rt = forThisExecutor(runtime);
        int threads = rt.threads() > 0 ? rt.threads() : Runtime.getRuntime().availableProcessors();
        Execution how = new Execution(threads, rt.concurrentTrials(), pack.size(), pack.get(0).trialId());
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            // chosen and checked once, before any data is loaded: a broken device fails before any work
            try (DeviceChooser.Lease lease = TrialRunner.lease(rt, where.gpuAddress())) {
                long d0 = System.nanoTime(); // what loading the data cost this task (~0 when cached)
                TrialData data = ExecutorDataCache.get(pack.get(0).config().dataset(), dataSettings);
                double dataSeconds = seconds(d0);
                List<TrialResult> results;
                if (pack.size() == 1) {
                    results = List.of(solo(pack.get(0), rt, lease, data, checkpoints, rung));
                } else {
                    results = packed(pack, rt, lease, data, checkpoints, rung);
                }
                long ended = System.currentTimeMillis();
                List<TaskOutcome> out = new ArrayList<>();
                for (int i = 0; i < pack.size(); i++) {
                    out.add(new TaskOutcome(pack.get(i), results.get(i).withPhase(Phase.DATA, dataSeconds), null, null,
                            where, started, ended, seconds(t0), how));
                }
                return out;
            }
        } catch (DeviceUnavailableException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            long ended = System.currentTimeMillis();
            List<TaskOutcome> out = new ArrayList<>();
            for (TrialSpec spec : pack) {
                out.add(new TaskOutcome(spec, null, e.getClass().getName(), String.valueOf(e.getMessage()), where,
                        started, ended, seconds(t0), how));
            }
            return out;
        }
    }

    /** Seconds between {@link TrialHeartbeat} lines of a long trial. */
    static final long HEARTBEAT_SECONDS = 60;

    private static TrainingListener heartbeat(TrialSpec spec) {
        return new TrialHeartbeat(spec.trialId(), System.err, HEARTBEAT_SECONDS);
    }

    /**
     * One trial alone, checkpointed when {@code checkpoints} is set; a trial whose kind, so
     * configured, cannot be checkpointed trains without (it fails on its first save, before any
     * step) unless it is a scheduled segment, which needs its checkpoint.
     */
    private static TrialResult solo(TrialSpec spec, RuntimeConfig rt, DeviceChooser.Lease lease, TrialData data,
            Checkpoints checkpoints, RungStop rung) throws java.io.IOException {
        List<TrainingListener> listeners = listeners(spec, rung);
        if (checkpoints == null) {
            return TrialRunner.run(spec.config(), rt, lease, data, listeners);
        }
        Checkpointing cp = checkpointing(spec, checkpoints, rung);
        try {
            return TrialRunner.run(spec.config(), rt, lease, data, listeners, cp);
        } catch (UnsupportedOperationException e) {
            if (rung != null) {
                throw e;
            }
            return TrialRunner.run(spec.config(), rt, lease, data, listeners);
        }
    }

    /**
     * A pack, each trial checkpointed when {@code checkpoints} is set (from and to its own
     * checkpoint, as {@link #solo}); a pack whose trials cannot be checkpointed as configured (it
     * fails on its first save, before any step) trains without unless it runs scheduled segments.
     */
    private static List<TrialResult> packed(List<TrialSpec> pack, RuntimeConfig rt, DeviceChooser.Lease lease,
            TrialData data, Checkpoints checkpoints, RungStop rung) throws java.io.IOException {
        List<TrialConfig> configs = pack.stream().map(TrialSpec::config).toList();
        if (checkpoints == null) {
            return PackRunner.run(configs, rt, lease, data, pack.stream().map(p -> listeners(p, rung)).toList());
        }
        List<Checkpointing> cps = new ArrayList<>();
        for (TrialSpec p : pack) {
            cps.add(checkpointing(p, checkpoints, rung));
        }
        try {
            return PackRunner.run(configs, rt, lease, data, pack.stream().map(p -> listeners(p, rung)).toList(), cps);
        } catch (UnsupportedOperationException e) {
            if (rung != null) {
                throw e;
            }
            return PackRunner.run(configs, rt, lease, data, pack.stream().map(p -> listeners(p, rung)).toList());
        }
    }

    /** A trial's listeners: its own copy of {@code rung}'s stop (it keeps state), if any, and its heartbeat. */
    private static List<TrainingListener> listeners(TrialSpec spec, RungStop rung) {
        return rung == null ? List.of(heartbeat(spec)) : List.of(new RungStop(rung.rung(), rung.step()),
                heartbeat(spec));
    }

    /** Where and when {@code spec} saves its checkpoint; with a save at {@code rung}'s step too. */
    private static Checkpointing checkpointing(TrialSpec spec, Checkpoints checkpoints, RungStop rung)
            throws java.io.IOException {
        SparkEnv env = SparkEnv.get();
        Checkpointing cp = checkpoints.settings().in(HadoopCheckpointStore.forTrial(checkpoints.resultsRoot(),
                spec.trialId(), ResultStore.hadoopConfiguration(env == null ? new SparkConf() : env.conf())),
                spec.trialId());
        return rung == null ? cp : cp.withSteps(rung.step());
    }

    /**
     * The pack size for trials shaped like {@code shape}, measured on this executor's device
     * ({@link PackPlanner}), with the runtime the packs will train with, or kept from an earlier
     * measurement on this machine ({@code packing.measurementCache()}).
     */
    public static PackChoice planPack(TrialSpec shape, RuntimeConfig runtime, String dataSettings,
            PackingSettings packing) throws Exception {
        TaskOutcome.Placement where = placement(TaskContext.get());
        RuntimeConfig rt = forThisExecutor(runtime);
        try (DeviceChooser.Lease lease = TrialRunner.lease(rt, where.gpuAddress())) {
            TrialData data = ExecutorDataCache.get(shape.config().dataset(), dataSettings);
            PackPlanner.Plan p = PackPlanner.plan(shape.config(), rt, lease, data, packing.maxTrials(),
                    packing.memoryFraction(), packing.probeSteps(), MeasurementCache.at(packing.measurementCache()));
            StringBuilder b = new StringBuilder();
            for (PackPlanner.Probe probe : p.probes()) {
                b.append(b.length() == 0 ? "" : ", ").append(probe.trials()).append(": ");
                b.append(probe.measured() ? String.format(java.util.Locale.ROOT, "%.1f trial-steps/s",
                        probe.trialStepsPerSecond()) : String.format(java.util.Locale.ROOT, "over the memory budget"
                        + " (about %.0f MB)", probe.memoryBytes() / 1e6));
            }
            if (p.saved() != null) {
                b.append(" (kept from ").append(p.saved()).append(')');
            }
            return new PackChoice(p.packSize(), b.toString());
        }
    }

    /**
     * The planner's choice, as the driver receives it.
     *
     * @param packSize trials per pack
     * @param measured each pack size probed and its trial-steps per second
     */
    public record PackChoice(int packSize, String measured) implements java.io.Serializable {}

    /** Host, executor, assigned GPU and attempt of the running task (placeholders outside Spark). */
    static TaskOutcome.Placement placement(TaskContext tc) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        if (tc == null) {
            return new TaskOutcome.Placement(host, "none", null, 0);
        }
        ResourceInformation gpu = tc.resourcesJMap().get(GPU);
        String address = gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
        SparkEnv env = SparkEnv.get();
        return new TaskOutcome.Placement(host, env == null ? "unknown" : env.executorId(), address,
                tc.attemptNumber());
    }

    /**
     * In local mode the driver has chosen the threads and trials at once already. On a cluster
     * executor a task's trial gets the task's cores ({@code spark.task.cpus}, default 1) as libtorch
     * threads unless {@code runtime.threads} is set, and the executor trains as many trials at once
     * as it has task slots ({@code spark.executor.cores / spark.task.cpus}): give one trial all of an
     * executor's cores with {@code spark.task.cpus = spark.executor.cores}.
     */
    static RuntimeConfig forThisExecutor(RuntimeConfig runtime) {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return runtime;
        }
        SparkConf conf = env.conf();
        if (conf.get("spark.master", "local").startsWith("local")) {
            return runtime;
        }
        int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
        int cores = conf.getInt("spark.executor.cores", 0);
        int slots = cores > 0 ? Math.max(1, cores / taskCpus) : 1;
        return new RuntimeConfig(runtime.threads() > 0 ? runtime.threads() : taskCpus, runtime.device(), slots);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
