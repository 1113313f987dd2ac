package org.ffsweep.sweep.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.ResultStore;

/**
 * Runs a sweep's trials as Spark tasks, one job per trial, and stores each trial's rows as soon
 * as it ends. Trials that finished before (in the same output folder) are skipped; failed ones
 * run again only when asked. Driver only: holds the session, never serialised.
 */
public final class SparkSweepRunner {
    /** What a run did. */
    public record Summary(int total, int skipped, int ran, int failed, double seconds) {}

    private SparkSweepRunner() {}

    public static Summary run(SparkSession spark, SweepPlan plan, ResultStore store, RuntimeConfig runtime,
            String dataSettings, int concurrentTrials, boolean retryFailed, PrintStream progress) throws Exception {
        long t0 = System.nanoTime();
        store.clearStaleTemp();
        Map<String, String> done = store.finished();
        List<TrialSpec> todo = new ArrayList<>();
        for (TrialSpec s : plan.trials()) {
            String status = done.get(s.trialId());
            if (status == null || retryFailed && status.equals("failed")) {
                store.discardUnfinished(s.trialId());
                todo.add(s);
            }
        }
        int skipped = plan.trials().size() - todo.size();
        progress.printf(Locale.ROOT, "sweep %s: %d trials, %d finished before, %d to run%n", plan.name(),
                plan.trials().size(), skipped, todo.size());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrentTrials));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TrialSpec spec : todo) {
                futures.add(pool.submit(() -> {
                    jsc.setJobDescription("ffsweep trial " + spec.describe());
                    TaskOutcome o = jsc.parallelize(List.of(spec), 1)
                            .map(s -> SparkTrialTask.run(s, runtime, dataSettings))
                            .collect().get(0);
                    store.write(spark, plan.name(), o);
                    int n = finished.incrementAndGet();
                    if (o.result() == null) {
                        failed.incrementAndGet();
                    }
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    double eta = elapsed / n * (todo.size() - n);
                    progress.printf(Locale.ROOT, "[%d/%d] %s %s test %s | failed %d | %.0f s elapsed, ETA %.0f s%n",
                            n, todo.size(), spec.trialId(), o.status(),
                            o.result() == null ? o.errorClass() : String.format(Locale.ROOT, "%.2f%%",
                                    100 * o.result().testAccuracy()),
                            failed.get(), elapsed, eta);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(plan.trials().size(), skipped, todo.size(), failed.get(), (System.nanoTime() - t0) / 1e9);
    }
}
