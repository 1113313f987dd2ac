package org.ffsweep.sweep.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
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
 * Tasks that share an executor JVM train one after the other (one trial per JVM; DESIGN.md).
 */
public final class SparkTrialTask {
    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";
    private static final ReentrantLock ONE_TRIAL_PER_JVM = new ReentrantLock(true);

    private SparkTrialTask() {}

    public static TaskOutcome run(TrialSpec spec, RuntimeConfig runtime, String dataSettings) {
        TaskOutcome.Placement where = placement(TaskContext.get());
        ONE_TRIAL_PER_JVM.lock();
        try {
            long started = System.currentTimeMillis();
            long t0 = System.nanoTime();
            try {
                // chosen and checked once, before any data is loaded: a broken device fails before any work
                try (DeviceChooser.Lease lease = TrialRunner.lease(runtime, where.gpuAddress())) {
                    long d0 = System.nanoTime(); // what loading the data cost this trial (~0 when cached)
                    TrialData data = ExecutorDataCache.get(spec.config().dataset(), dataSettings);
                    double dataSeconds = seconds(d0);
                    TrialResult r = TrialRunner.run(spec.config(), forThisExecutor(runtime), lease, data, List.of())
                            .withPhase(Phase.DATA, dataSeconds);
                    return new TaskOutcome(spec, r, null, null, where, started, System.currentTimeMillis(),
                            seconds(t0));
                }
            } catch (DeviceUnavailableException e) {
                throw e;
            } catch (Exception | OutOfMemoryError e) {
                return new TaskOutcome(spec, null, e.getClass().getName(), String.valueOf(e.getMessage()), where,
                        started, System.currentTimeMillis(), seconds(t0));
            }
        } finally {
            ONE_TRIAL_PER_JVM.unlock();
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
     * {@code runtime.threads = 0} means every core of the machine; on a cluster executor that is
     * the executor's cores ({@code spark.executor.cores}), its share of the host.
     */
    static RuntimeConfig forThisExecutor(RuntimeConfig runtime) {
        SparkEnv env = SparkEnv.get();
        if (runtime.threads() > 0 || env == null) {
            return runtime;
        }
        SparkConf conf = env.conf();
        if (conf.get("spark.master", "local").startsWith("local")) {
            return runtime;
        }
        int cores = conf.getInt("spark.executor.cores", 0);
        return cores > 0 ? new RuntimeConfig(cores, runtime.device()) : runtime;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
