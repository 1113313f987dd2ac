package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigRenderOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.spark.SparkSweepRunner;

/** {@code ffsweep sweep CONF}: runs the plan on Spark and prints the results table. Driver only. */
final class SweepRun {
    private SweepRun() {}

    static int run(SweepPlan plan, ConfigLoader.Loaded loaded, Args args, PrintStream out, PrintStream err)
            throws Exception {
        Path dir = Path.of(args.option("--out", "results/" + plan.name())).toAbsolutePath();
        String master = args.option("--master", System.getProperty("spark.master", "local[1]"));
        String data = loaded.root().getConfig("ffsweep.data").root().render(ConfigRenderOptions.concise());
        SparkSession spark = SparkSession.builder().appName("ffsweep " + plan.name()).master(master)
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            int concurrent = master.startsWith("local") ? 1 : spark.sparkContext().defaultParallelism();
            SparkSweepRunner.Summary s = SparkSweepRunner.run(spark, plan, new ResultStore(dir), loaded.runtime(),
                    data, concurrent, args.has(SweepCommand.RETRY_FAILED), err);
            err.printf(java.util.Locale.ROOT, "sweep %s: %d trials, %d ran (%d failed), %d skipped, %.1f s; results in %s%n",
                    plan.name(), s.total(), s.ran(), s.failed(), s.skipped(), s.seconds(), dir);
            SqlCommand.query(spark, dir, "SELECT trial_id, status, round(test_accuracy, 4) AS test_accuracy,"
                    + " axis_values, round(seconds_task, 1) AS seconds FROM trials ORDER BY test_accuracy DESC",
                    "table", out);
            return FfsweepMain.OK;
        } finally {
            spark.stop();
        }
    }
}
