package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigRenderOptions;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.spark.SparkSweepRunner;

/**
 * {@code ffsweep sweep CONF}: runs the plan on Spark and prints the results table. Driver only.
 *
 * <p>The master is {@code --master}, else the one {@code spark-submit} set, else
 * {@code local[1]}. In local mode one trial runs at a time with every core given to libtorch; on
 * a cluster every trial job is submitted at once (up to {@code spark.ffsweep.concurrentTrials},
 * default {@value #CLUSTER_CONCURRENCY}) and Spark's scheduler runs as many as there are task
 * slots. On a cluster ffsweep turns on (unless set) exclusion on failure, so that an executor
 * whose device fails gets no more trials. In local mode Spark listens on 127.0.0.1 only
 * ({@link SparkSessions}). Ctrl-C or SIGTERM stops the sweep with one line and exit code
 * {@value #INTERRUPTED}; the trials that ended keep their rows.
 */
final class SweepRun {
    static final int CLUSTER_CONCURRENCY = 256;
    /** The exit code after Ctrl-C (128 + SIGINT), also for SIGTERM. */
    static final int INTERRUPTED = 130;

    private SweepRun() {}

    static int run(SweepPlan plan, ConfigLoader.Loaded loaded, Args args, PrintStream out, PrintStream err)
            throws Exception {
        String dir = args.option("--out", "results/" + plan.name());
        SparkConf conf = new SparkConf(); // spark.* system properties, e.g. from spark-submit
        String master = args.option("--master", conf.get("spark.master", "local[1]"));
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
            spark = SparkSessions.start(conf);
            if (!local && store.root().startsWith("file:")) {
                err.println("ffsweep: note: results go to " + store.root() + ", a local path: on a cluster of several"
                        + " hosts it must be a folder every host sees (NFS), or use an hdfs:// (or other shared) URI");
            }
            int concurrent = local ? 1 : conf.getInt("spark.ffsweep.concurrentTrials", CLUSTER_CONCURRENCY);
            SweepReport report = args.has(SweepCommand.REPORT) ? new SweepReport(dir, err) : null;
            SparkSweepRunner.Summary s = SparkSweepRunner.run(spark, plan, store, loaded.runtime(), data, concurrent,
                    args.has(SweepCommand.RETRY_FAILED), !SparkSessions.isLocal(master), err,
                    report == null ? () -> { } : report::trialStored);
            if (s.interrupted()) {
                err.printf(Locale.ROOT, "ffsweep: interrupted: %d of %d trials finished (results kept in %s); run the"
                        + " same command again to resume%n", s.skipped() + s.finished(), s.total(), store.root());
                return INTERRUPTED;
            }
            err.printf(Locale.ROOT, "sweep %s: %d trials, %d ran (%d failed, %d lost), %d skipped, %.1f s; results in"
                    + " %s%n", plan.name(), s.total(), s.ran(), s.failed(), s.lost(), s.skipped(), s.seconds(),
                    store.root());
            SqlCommand.query(spark, store, "SELECT trial_id, status, round(test_accuracy, 4) AS test_accuracy,"
                    + " axis_values, round(seconds_task, 1) AS seconds FROM trials ORDER BY test_accuracy DESC",
                    "table", out);
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
}
