package org.ffsweep.sweep.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.DeviceUnavailableException;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.sweep.grid.TrialSpec;

/**
 * Runs one trial inside a Spark task. Executor side; captures nothing but its arguments.
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

    public static TaskOutcome run(TrialSpec spec, RuntimeConfig runtime, String dataSettings) {
        TaskOutcome.Placement where = placement(TaskContext.get());
        RuntimeConfig rt = forThisExecutor(runtime);
        int threads = rt.threads() > 0 ? rt.threads() : Runtime.getRuntime().availableProcessors();
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            // chosen and checked once, before any data is loaded: a broken device fails before any work
            try (DeviceChooser.Lease lease = TrialRunner.lease(rt, where.gpuAddress())) {
                long d0 = System.nanoTime(); // what loading the data cost this trial (~0 when cached)
                TrialData data = ExecutorDataCache.get(spec.config().dataset(), dataSettings);
                double dataSeconds = seconds(d0);
                TrialResult r = TrialRunner.run(spec.config(), rt, lease, data, List.of())
                        .withPhase(Phase.DATA, dataSeconds);
                return new TaskOutcome(spec, r, null, null, where, started, System.currentTimeMillis(), seconds(t0),
                        threads, rt.concurrentTrials());
            }
        } catch (DeviceUnavailableException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            return new TaskOutcome(spec, null, e.getClass().getName(), String.valueOf(e.getMessage()), where, started,
                    System.currentTimeMillis(), seconds(t0), threads, rt.concurrentTrials());
        }
    }

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
