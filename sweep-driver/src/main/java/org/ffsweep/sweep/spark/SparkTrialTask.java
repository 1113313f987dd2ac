package org.ffsweep.sweep.spark;

import java.net.InetAddress;
import org.apache.spark.TaskContext;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.sweep.grid.TrialSpec;

/** Runs one trial inside a Spark task. Executor side; captures nothing but its arguments. */
public final class SparkTrialTask {
    private SparkTrialTask() {}

    public static TaskOutcome run(TrialSpec spec, RuntimeConfig runtime, String dataSettings) {
        long t0 = System.nanoTime();
        String host = host();
        try {
            ExecutorDataCache.Loaded data = ExecutorDataCache.get(spec.config().dataset(), dataSettings);
            TrialResult r = TrialRunner.run(spec.config(), runtime, data.train(), data.test(), data.fingerprint(),
                    TrainingListener.NONE);
            return new TaskOutcome(spec, r, null, null, host, seconds(t0));
        } catch (Exception | OutOfMemoryError e) {
            return new TaskOutcome(spec, null, e.getClass().getName(), String.valueOf(e.getMessage()), host,
                    seconds(t0));
        }
    }

    private static String host() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            TaskContext tc = TaskContext.get();
            return tc == null ? h : h + "/stage-" + tc.stageId();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
