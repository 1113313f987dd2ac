package org.ffsweep.sweep.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.pack.PackKey;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.grid.PackingSettings;
import org.ffsweep.sweep.grid.SchedulerSettings;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.ResultStore;

/**
 * Runs a sweep's trials as Spark tasks, one job per trial, and stores each trial's rows as soon
 * as it ends. Trials that finished before (in the same output folder) are skipped; failed ones
 * run again only when asked. The driver writes results itself, so a finished trial's rows never
 * wait for an executor slot. A trial whose job Spark aborts (executors lost or excluded) is
 * submitted again, up to {@link #JOBS_PER_TRIAL} jobs; then it is reported as lost and has no
 * rows: the next run retries it. Ctrl-C (SIGINT) or SIGTERM cancels the trial jobs and submits no
 * more; the rows of trials that ended are kept and the run reports that it was interrupted.
 * Driver only: holds the session, never serialised.
 */
public final class SparkSweepRunner {
    /**
     * What a run did.
     *
     * @param ran trials this run submitted
     * @param finished trials of this run whose rows were written (completed, diverged or failed)
     * @param lost trials Spark gave up on (no rows written; they run again next time)
     * @param interrupted whether Ctrl-C (SIGINT) or SIGTERM stopped the run before every trial ended
     */
    public record Summary(int total, int skipped, int ran, int finished, int failed, int lost, boolean interrupted,
            double seconds) {}

    /**
     * Jobs submitted for one trial before it counts as lost. Spark retries a task within a job
     * (spark.task.maxFailures); it aborts the job when the task cannot run anywhere, e.g. when the
     * only free executor is excluded for it while the others are busy. A new job starts afresh.
     */
    static final int JOBS_PER_TRIAL = 3;
    /** The job group of every trial job: a stop request cancels it. */
    static final String JOB_GROUP = "ffsweep-trials";

    private SparkSweepRunner() {}

    /**
     * How many trial jobs run at once, and the runtime their tasks get, decided once the trials to
     * run are known (in local mode by a measurement of the first of them).
     */
    @FunctionalInterface
    public interface Concurrency {
        /** The plan for {@code todo}, the trials this run will submit (not empty). */
        Plan plan(List<TrialSpec> todo) throws Exception;

        /**
         * @param jobs trial jobs submitted at once (Spark queues what its slots cannot run yet)
         * @param runtime what each trial's task runs with
         */
        record Plan(int jobs, RuntimeConfig runtime) {}
    }

    /**
     * Runs the trials of {@code plan} that {@code store} lacks.
     *
     * @param concurrency how many trial jobs to submit at once, and with what runtime
     * @param packing whether and how trials of one shape train as packs
     * @param showHosts whether progress lines name the executors' hosts (off in local mode)
     * @param scheduler whether and how trials are pruned at rungs ({@link RungScheduler}, which packs the
     *     segments of one shape that pause at the same rung)
     * @param checkpoints where and when trials (alone or in a pack) save checkpoints (null: none): a
     *     trial killed with the sweep continues from its checkpoint when the sweep runs again
     */
    public static Summary run(SparkSession spark, SweepPlan plan, ResultStore store, Concurrency concurrency,
            PackingSettings packing, String dataSettings, boolean retryFailed, boolean showHosts, PrintStream progress,
            Runnable afterTrialStored, SchedulerSettings scheduler, SparkTrialTask.Checkpoints checkpoints)
            throws Exception {
        long t0 = System.nanoTime();
        store.clearStaleTemp();
        Map<String, TrialStatus> done = store.finished();
        List<TrialSpec> todo = new ArrayList<>();
        for (TrialSpec s : plan.trials()) {
            TrialStatus status = done.get(s.trialId());
            if (status == null || retryFailed && status == TrialStatus.FAILED) {
                store.discardUnfinished(s.trialId());
                todo.add(s);
                if (status == null && checkpoints != null && store.hasCheckpoint(s.trialId())) {
                    progress.printf(Locale.ROOT, "trial %s continues from its checkpoint%n", s.trialId());
                }
            }
        }
        int skipped = plan.trials().size() - todo.size();
        progress.printf(Locale.ROOT, "sweep %s: %d trials, %d finished before, %d to run%n", plan.name(),
                plan.trials().size(), skipped, todo.size());
        Concurrency.Plan cp = todo.isEmpty() ? new Concurrency.Plan(1, null) : concurrency.plan(todo);
        RuntimeConfig runtime = cp.runtime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SweepListener listener = new SweepListener(progress, showHosts);
        spark.sparkContext().addSparkListener(listener);
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(cp.jobs(), todo.size())));
        StopSignal stop = StopSignal.install(() -> {
            silenceLogging();
            jsc.cancelJobGroup(JOB_GROUP);
        });
        try {
            if (scheduler.enabled()) {
                java.util.Set<String> before = new java.util.HashSet<>();
                plan.trials().forEach(t -> before.add(t.trialId()));
                todo.forEach(t -> before.remove(t.trialId()));
                return RungScheduler.run(jsc, plan, store, before, scheduler, checkpoints, packing,
                        Math.max(1, cp.jobs()), runtime, dataSettings, stop, listener, pool, progress,
                        afterTrialStored, t0);
            }
            List<List<TrialSpec>> units = packing.enabled() && !todo.isEmpty()
                    ? packs(jsc, todo, runtime, dataSettings, packing, cp.jobs(), stop, progress) : singletons(todo);
            List<Future<?>> futures = new ArrayList<>();
            for (List<TrialSpec> unit : units) {
                futures.add(pool.submit(() -> {
                    List<TaskOutcome> outcomes = null;
                    String what = unit.size() == 1 ? "trial " + unit.get(0).trialId()
                            : "pack of " + unit.size() + " trials (" + unit.get(0).trialId() + ", ...)";
                    for (int job = 1; outcomes == null; job++) {
                        if (stop.requested()) {
                            return null;
                        }
                        try {
                            // a pack's job is named by its trials' ids joined by '+' (progress: "started a+b+c")
                            jsc.setJobGroup(JOB_GROUP, SweepListener.TRIAL_JOB + (unit.size() == 1
                                    ? unit.get(0).describe()
                                    : String.join("+", unit.stream().map(TrialSpec::trialId).toList())), true);
                            outcomes = jsc.parallelize(List.of(unit), 1)
                                    .map(u -> SparkTrialTask.runPack(u, runtime, dataSettings, checkpoints, null))
                                    .collect().get(0);
                        } catch (Exception e) {
                            if (stop.requested()) {
                                return null; // cancelled: no rows, it runs again next time
                            }
                            if (job < JOBS_PER_TRIAL) {
                                progress.printf(Locale.ROOT, "%s: Spark gave up on its job (%s); submitting it"
                                        + " again (%d of %d)%n", what, firstLine(e), job + 1, JOBS_PER_TRIAL);
                                continue;
                            }
                            lost.addAndGet(unit.size());
                            progress.printf(Locale.ROOT, "%s lost: Spark gave up on it %d times (%s); it has no"
                                    + " rows and runs again next time%n", what, JOBS_PER_TRIAL, firstLine(e));
                            return null;
                        }
                    }
                    for (TaskOutcome o : outcomes) {
                        TrialSpec spec = o.spec();
                        store.write(plan.name(), o);
                        int n = finished.incrementAndGet();
                        if (o.status() == TrialStatus.FAILED) {
                            failed.incrementAndGet();
                        }
                        double elapsed = (System.nanoTime() - t0) / 1e9;
                        int left = todo.size() - n - lost.get();
                        double eta = elapsed / n * left;
                        progress.printf(Locale.ROOT, "[%d/%d] %s %s %s on %s%s | running %d, failed %d | %.0f s"
                                + " elapsed, ETA %.0f s%n",
                                n, todo.size(), spec.trialId(), o.status().key(),
                                o.result() == null ? o.errorClass() : String.format(Locale.ROOT, "test %.2f%%",
                                        100 * o.result().testAccuracy()),
                                where(o), unit.size() == 1 ? "" : " in a pack of " + unit.size(), listener.running(),
                                failed.get(), elapsed, eta);
                        synchronized (afterTrialStored) {
                            afterTrialStored.run();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (TimeoutException e) {
                        if (stop.requested()) {
                            jsc.cancelJobGroup(JOB_GROUP); // a job submitted just as the signal came
                        }
                    }
                }
            }
        } finally {
            stop.close();
            pool.shutdownNow();
            spark.sparkContext().removeSparkListener(listener);
        }
        return new Summary(plan.trials().size(), skipped, todo.size(), finished.get(), failed.get(), lost.get(),
                stop.requested(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Turns every logger off, Spark's included. A cancelled trial's task may still end after the
     * session stopped, and Spark logs that at ERROR with a stack trace ("Block broadcast_1 does not
     * exist"): the user asked to stop, so Spark says no more. {@code SparkContext.setLogLevel}
     * is not enough: it sets the root logger only, and the loggers that a log4j2 configuration
     * names ({@code org.apache.spark} in ffsweep's) keep their own level.
     */
    static void silenceLogging() {
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
    }

    /** Each trial its own unit. */
    private static List<List<TrialSpec>> singletons(List<TrialSpec> todo) {
        return todo.stream().map(List::of).toList();
    }

    /**
     * Groups {@code todo} by {@link PackKey} (trials of other kinds stay alone) and cuts each
     * group of two or more into packs of the size the planner measured for it, on an executor,
     * in a job of its own. The planner considers packs of at most {@code max-trials} and at most
     * the group's share of the {@code jobs} that run at once, so that packing never leaves a slot
     * without work (a group of 2 with 2 jobs at once trains one at a time, 2 at once). Packs keep the sweep's trial order; units are ordered by their first
     * trial.
     */
    static List<List<TrialSpec>> packs(JavaSparkContext jsc, List<TrialSpec> todo, RuntimeConfig runtime,
            String dataSettings, PackingSettings packing, int jobs, StopSignal stop, PrintStream progress) {
        Map<PackKey, List<TrialSpec>> groups = new LinkedHashMap<>();
        Map<String, Integer> order = new HashMap<>();
        List<List<TrialSpec>> units = new ArrayList<>();
        for (TrialSpec s : todo) {
            order.put(s.trialId(), order.size());
            if (s.config().model().kind() == ModelKind.FF) {
                groups.computeIfAbsent(PackKey.of(s.config()), k -> new ArrayList<>()).add(s);
            } else {
                units.add(List.of(s));
            }
        }
        for (List<TrialSpec> group : groups.values()) {
            int size = packSize(jsc, group.get(0), group.size(), runtime, dataSettings, packing, jobs, stop, progress);
            if (stop.requested()) {
                size = 1;
            }
            for (int i = 0; i < group.size(); i += size) {
                units.add(List.copyOf(group.subList(i, Math.min(group.size(), i + size))));
            }
        }
        units.sort(Comparator.comparingInt(u -> order.get(u.get(0).trialId())));
        return units;
    }

    /**
     * How many trials of a group of {@code groupSize} shaped like {@code first} (one {@link PackKey})
     * train in one pack: 1 for a group of one; {@code max-trials} when not measured; else what the
     * planner measures on an executor for packs of at most {@code max-trials} and at most the
     * group's share of the {@code jobs} that run at once (so that packing never leaves a slot
     * without work), or 1 when it cannot. Says what it chose.
     */
    static int packSize(JavaSparkContext jsc, TrialSpec first, int groupSize, RuntimeConfig runtime,
            String dataSettings, PackingSettings packing, int jobs, StopSignal stop, PrintStream progress) {
        int size = 1;
        // packs larger than this would leave some of the jobs that run at once without work
        int most = Math.min(packing.maxTrials(), (groupSize + jobs - 1) / jobs);
        if (groupSize > 1 && packing.measure() && most < 2) {
            progress.printf(Locale.ROOT, "packing: %d trials shaped like %s: one at a time (%d at once already)%n",
                    groupSize, first.trialId(), jobs);
        } else if (groupSize > 1 && !packing.measure()) {
            size = packing.maxTrials();
            progress.printf(Locale.ROOT, "packing: %d trials shaped like %s: packs of %d (not measured)%n",
                    groupSize, first.trialId(), Math.min(size, groupSize));
        } else if (groupSize > 1 && !stop.requested()) {
            try {
                jsc.setJobGroup(JOB_GROUP, "ffsweep pack planner: " + first.describe(), true);
                PackingSettings upTo = packing.upTo(most);
                SparkTrialTask.PackChoice c = jsc.parallelize(List.of(first), 1)
                        .map(s -> SparkTrialTask.planPack(s, runtime, dataSettings, upTo)).collect().get(0);
                size = Math.min(c.packSize(), groupSize);
                progress.printf(Locale.ROOT, "packing: %d trials shaped like %s: packs of %d; measured %s%n",
                        groupSize, first.trialId(), size, c.measured());
            } catch (Exception e) {
                if (stop.requested()) {
                    return 1;
                }
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                // the class only: Spark's message names hosts, and the trials' own rows will say why
                progress.printf(Locale.ROOT, "packing: could not measure trials shaped like %s (%s); they train"
                        + " one at a time%n", first.trialId(), root.getClass().getSimpleName());
            }
        }
        return size;
    }

    private static String where(TaskOutcome o) {
        String device = o.result() == null ? "" : " " + o.result().device();
        String gpu = o.where().gpuAddress() == null ? "" : " gpu " + o.where().gpuAddress();
        return "executor " + o.where().executorId() + device + gpu;
    }

    private static String firstLine(Exception e) {
        // Spark's abort messages start "Job aborted due to stage failure: " and go on below
        String text = String.join(" ", String.valueOf(e.getMessage()).lines().limit(3).map(String::strip).toList());
        return text.isBlank() ? e.getClass().getName() : text;
    }
}
