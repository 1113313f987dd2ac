package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigRenderOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.core.config.CheckpointConfig;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.pack.PackKey;
import org.ffsweep.core.run.ConcurrencyProbe;
import org.ffsweep.core.run.MeasurementCache;
import org.ffsweep.sweep.grid.PackingSettings;
import org.ffsweep.sweep.grid.SchedulerSettings;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.spark.ExecutorDataCache;
import org.ffsweep.sweep.spark.SparkSweepRunner;
import org.ffsweep.sweep.spark.SparkTrialTask;

/**
 * {@code ffsweep sweep CONF}: runs the plan on Spark and prints the results table. Driver only.
 *
 * <p>The master is {@code --master}, else the one {@code spark-submit} set, else
 * {@code local[N]} with N the machine's cores. In local mode the JVM trains
 * {@code runtime.concurrent-trials} trials at once, each with its share of the cores as libtorch
 * threads; {@code auto} measures the first trial to run at 1, 2, 4, ... at once
 * ({@link ConcurrencyProbe}; kept per shape and machine in {@code ffsweep.sweep.measurement-cache})
 * and says what it chose. On a cluster every trial job is submitted at
 * once (up to {@code spark.ffsweep.concurrentTrials}, default {@value #CLUSTER_CONCURRENCY}) and
 * Spark's scheduler runs as many as there are task slots. On a cluster ffsweep turns on (unless set) exclusion on failure, so that an executor
 * whose device fails gets no more trials. In local mode Spark listens on 127.0.0.1 only
 * ({@link SparkSessions}). Ctrl-C or SIGTERM stops the sweep with one line and exit code
 * {@value #INTERRUPTED}; the trials that ended keep their rows.
 */
final class SweepRun {
    static final int CLUSTER_CONCURRENCY = 256;
    /** The exit code after Ctrl-C (128 + SIGINT), also for SIGTERM. */
    static final int INTERRUPTED = 130;
    /** How long each number of trials at once is measured for {@code concurrent-trials = auto}. */
    static final double PROBE_SECONDS = 1.0;

    private SweepRun() {}

    static int run(SweepPlan plan, ConfigLoader.Loaded loaded, SchedulerSettings scheduler, Args args,
            PrintStream out, PrintStream err)
            throws Exception {
        String dir = args.option("--out", "results/" + plan.name());
        CheckpointConfig checkpoint = loaded.checkpoint(); // checked before anything is written
        SparkConf conf = new SparkConf(); // spark.* system properties, e.g. from spark-submit
        int cores = Runtime.getRuntime().availableProcessors();
        String master = args.option("--master", conf.get("spark.master", "local[" + cores + "]"));
        SparkSessions.checkMaster(master); // before the results folder is created
        boolean local = master.startsWith("local");
        conf.setMaster(master).setIfMissing("spark.app.name", "ffsweep " + plan.name());
        if (!local) {
            conf.setIfMissing("spark.excludeOnFailure.enabled", "true")
                    .setIfMissing("spark.excludeOnFailure.application.maxFailedTasksPerExecutor", "1");
        }
        String data = loaded.root().getConfig("ffsweep.data").root().render(ConfigRenderOptions.concise());
        // --out checked (a writable results folder) and locked (one sweep per folder) before Spark starts
        ResultStore store = ResultStore.openForSweep(dir, ResultStore.hadoopConfiguration(conf),
                "ffsweep sweep " + String.join(" ", args.positional()) + " --out " + dir, err::println);
        SparkSession spark = null;
        try {
            if (local) {
                preload(plan, data); // the trials' data loads while Spark starts
            }
            spark = SparkSessions.start(conf);
            if (!local && store.root().startsWith("file:")) {
                err.println("ffsweep: note: results go to " + store.root() + ", a local path: on a cluster of several"
                        + " hosts it must be a folder every host sees (NFS), or use an hdfs:// (or other shared) URI");
            }
            RuntimeConfig runtime = loaded.runtime();
            PackingSettings packing = PackingSettings.read(loaded.root());
            MeasurementCache cache = MeasurementCache.at(packing.measurementCache());
            SparkSweepRunner.Concurrency concurrency = local ? todo -> localPlan(runtime, data, todo, cores, cache, err)
                    : todo -> new SparkSweepRunner.Concurrency.Plan(
                            conf.getInt("spark.ffsweep.concurrentTrials", CLUSTER_CONCURRENCY), runtime);
            SweepReport report = args.has(SweepCommand.REPORT) ? new SweepReport(dir, err) : null;
            SparkSweepRunner.Summary s = SparkSweepRunner.run(spark, plan, store, concurrency,
                    packing, data,
                    args.has(SweepCommand.RETRY_FAILED), !SparkSessions.isLocal(master), err,
                    report == null ? () -> { } : report::trialStored, scheduler,
                    new SparkTrialTask.Checkpoints(store.root(), checkpoint));
            if (s.interrupted()) {
                err.printf(Locale.ROOT, "ffsweep: interrupted: %d of %d trials finished (results kept in %s); run the"
                        + " same command again to resume%n", s.skipped() + s.finished(), s.total(), store.root());
                return INTERRUPTED;
            }
            err.printf(Locale.ROOT, "sweep %s: %d trials, %d ran (%d failed, %d lost), %d skipped, %.1f s; results in"
                    + " %s%n", plan.name(), s.total(), s.ran(), s.failed(), s.lost(), s.skipped(), s.seconds(),
                    store.root());
            summary(spark, store, out);
            if (report != null) {
                report.finish();
                out.println("report: " + report.page());
                out.flush();
            }
            if (s.lost() > 0) {
                err.printf(Locale.ROOT, "ffsweep: %d trial(s) lost to infrastructure failures; run the same command"
                        + " again to run them%n", s.lost());
                return FfsweepMain.FAILED;
            }
            return FfsweepMain.OK;
        } finally {
            if (spark != null) {
                spark.stop();
            }
            store.close();
        }
    }

    /**
     * The sweep's closing table, every trial ranked best first, and the best trial's line: by
     * validation accuracy when the folder's trials have one (the test accuracy is shown, never
     * ranks), by test accuracy only when none has (no validation split); each says which it used.
     * The best trial is the best of those that ran to their end ({@code completed}): a trial
     * stopped at a rung, or diverged, is ranked in the table but not picked.
     */
    static void summary(SparkSession spark, ResultStore store, PrintStream out) throws Exception {
        if (!store.hasTable("trials")) {
            out.println("no trial has finished");
            return;
        }
        // One read and one query (each Spark job costs a sweep about a second on a small machine):
        // the table, which ranking applies and the best trial all come from the same rows.
        // mergeSchema: a folder resumed across versions holds files with and without newer columns.
        Dataset<Row> trials = spark.read().option("mergeSchema", "true").parquet(store.table("trials"));
        String v = java.util.Arrays.asList(trials.columns()).contains("validation_accuracy") ? "validation_accuracy"
                : "CAST(NULL AS DOUBLE)";
        trials.createOrReplaceTempView("trials");
        List<Row> rows = new ArrayList<>(spark.sql("SELECT trial_id, status, steps, round(" + v + ", 4),"
                + " round(test_accuracy, 4), axis_values, round(seconds_task, 1), " + v + ", test_accuracy"
                + " FROM trials").collectAsList());
        boolean validation = rows.stream().anyMatch(r -> !r.isNullAt(RAW_VALIDATION));
        int by = validation ? RAW_VALIDATION : RAW_TEST;
        // as ORDER BY <by> DESC NULLS LAST, trial_id: NaN first (Spark orders NaN above every number)
        Comparator<Row> order = Comparator.comparing((Row r) -> r.isNullAt(by))
                .thenComparing(r -> r.isNullAt(by) ? 0.0 : r.getDouble(by), Comparator.reverseOrder())
                .thenComparing(r -> r.getString(0));
        rows.sort(order);
        out.println(validation ? "ranked by validation accuracy (the test accuracy is reported, never decides):"
                : "ranked by test accuracy (no trial has a validation split, data.validation-size = 0):");
        String[] columns = validation
                ? new String[] {"trial_id", "status", "steps", "validation_accuracy", "test_accuracy", "axis_values",
                    "seconds"}
                : new String[] {"trial_id", "status", "steps", "test_accuracy", "axis_values", "seconds"};
        SqlCommand.table(columns, rows.stream().map(r -> validation ? r
                : RowFactory.create(r.get(0), r.get(1), r.get(2), r.get(4), r.get(5), r.get(6))).iterator(), out);
        Row b = rows.stream().filter(r -> "completed".equals(r.getString(1)) && !r.isNullAt(by)).findFirst()
                .orElse(null);
        String metric = validation ? "validation_accuracy" : "test_accuracy";
        if (b == null) {
            out.println("best trial: none (no completed trial has a " + metric + ")");
        } else {
            out.printf(Locale.ROOT, "best trial by %s (of the completed trials): %s %s: %s%n",
                    validation ? "validation accuracy" : "test accuracy", b.getString(0), b.isNullAt(5) ? "" : b.get(5),
                    validation ? String.format(Locale.ROOT, "validation %.4f, test %s", b.getDouble(RAW_VALIDATION),
                            b.isNullAt(RAW_TEST) ? "none" : String.format(Locale.ROOT, "%.4f", b.getDouble(RAW_TEST)))
                            : String.format(Locale.ROOT, "test %.4f", b.getDouble(RAW_TEST)));
        }
        out.flush();
    }

    /** Columns of {@link #summary}'s query holding the unrounded accuracies. */
    private static final int RAW_VALIDATION = 7;
    private static final int RAW_TEST = 8;

    /**
     * Loads the data sets of {@code plan}'s trials into this JVM's {@link ExecutorDataCache} on a
     * daemon thread (local mode: the executor is this JVM). A failure is left for the trials'
     * own load, which reports it.
     */
    static void preload(SweepPlan plan, String data) {
        List<org.ffsweep.core.data.Dataset> sets = plan.trials().stream().map(t -> t.config().dataset()).distinct()
                .toList();
        Thread t = new Thread(() -> {
            for (org.ffsweep.core.data.Dataset d : sets) {
                try {
                    ExecutorDataCache.get(d, data);
                } catch (Exception | OutOfMemoryError e) {
                    return; // loaded again, and reported, where a trial needs it
                }
            }
        }, "ffsweep-data-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Local mode: {@code runtime.concurrent-trials} trials at once (at most the trials to run),
     * or for {@code auto} the number a short measurement of the first of them chose; each gets
     * {@code cores / trials} libtorch threads unless {@code runtime.threads} is set.
     */
    static SparkSweepRunner.Concurrency.Plan localPlan(RuntimeConfig runtime, String data, List<TrialSpec> todo,
            int cores, MeasurementCache cache, PrintStream err) throws Exception {
        int trials;
        if (runtime.concurrentTrials() != RuntimeConfig.AUTO) {
            trials = Math.min(runtime.concurrentTrials(), todo.size());
        } else if (todo.size() == 1 || cores == 1) {
            trials = 1;
        } else {
            TrialSpec first = todo.get(0);
            try {
                String shape = first.config().model().kind() == ModelKind.FF ? PackKey.of(first.config()).shape()
                        : first.config().configHash();
                ConcurrencyProbe.Choice c = ConcurrencyProbe.choose(first.config(), shape, runtime,
                        ExecutorDataCache.get(first.config().dataset(), data), cores, todo.size(), PROBE_SECONDS,
                        cache, () -> err.printf(Locale.ROOT, "concurrent trials: measuring trial %s at 1, 2, ... at"
                                + " once (about %.0f s each)%n", first.trialId(), PROBE_SECONDS));
                err.println("concurrent trials: " + c.describe());
                return new SparkSweepRunner.Concurrency.Plan(c.trials(), c.runtime());
            } catch (Exception e) { // the trial itself fails (its data, its config): its row says why
                err.printf(Locale.ROOT, "concurrent trials: could not measure trial %s (%s); one at a time%n",
                        first.trialId(), e.getClass().getSimpleName());
                trials = 1;
            }
        }
        int threads = ConcurrencyProbe.threadsEach(runtime, cores, trials);
        err.printf(Locale.ROOT, "concurrent trials: %d at once (%d libtorch threads each)%n", trials, threads);
        return new SparkSweepRunner.Concurrency.Plan(trials, runtime.withThreads(threads).withConcurrentTrials(trials));
    }
}
