package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.sweep.output.ResultStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep's closing table ({@code SweepRun.summary}) ranks and picks in Java from one query's
 * rows; these check it against the SQL it replaced ({@code ORDER BY <metric> DESC NULLS LAST,
 * trial_id}, the best among completed trials) on real Parquet tables with ties, nulls, NaN and a
 * stopped trial ranked first.
 */
class SweepSummaryIT {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSessions.start(new SparkConf().setMaster("local[1]").setAppName("summary"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private ResultStore store(String name, String valuesSql) {
        ResultStore store = ResultStore.open(dir.resolve(name).toString(), new Configuration());
        spark.sql(valuesSql).write().parquet(store.table("trials"));
        return store;
    }

    private static List<String> tableIds(String out) {
        return out.lines().filter(l -> l.matches("[0-9a-z]+ +\\| .*")).map(l -> l.split(" ")[0]).toList();
    }

    private static String summary(ResultStore store) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SweepRun.summary(spark, store, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    private static List<String> sqlIds(String sql) {
        return spark.sql(sql).collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    @Test
    void ranksByValidationAsTheSqlDidAndPicksTheBestCompletedTrial() throws Exception {
        ResultStore store = store("v", "SELECT * FROM VALUES"
                + " ('a1', 'completed', 10, 0.50D, 0.60D, '{}', 1.0D),"
                + " ('b2', 'stopped', 5, 0.90D, 0.91D, '{}', 1.0D)," // best value, not completed: never picked
                + " ('c3', 'completed', 10, 0.70D, 0.10D, '{}', 1.0D),"
                + " ('c0', 'completed', 10, 0.70D, 0.20D, '{}', 1.0D)," // ties c3: trial_id decides
                + " ('d4', 'failed', 0, CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE), '{}', 1.0D),"
                + " ('e5', 'completed', 10, CAST('NaN' AS DOUBLE), 0.30D, '{}', 1.0D)" // Spark: NaN above all
                + " AS t(trial_id, status, steps, validation_accuracy, test_accuracy, axis_values, seconds_task)");
        String out = summary(store);
        assertTrue(out.startsWith("ranked by validation accuracy (the test accuracy is reported, never decides):"), out);
        SqlCommand.views(spark, store);
        assertEquals(sqlIds("SELECT trial_id FROM trials ORDER BY validation_accuracy DESC NULLS LAST, trial_id"),
                tableIds(out), out);
        assertEquals(List.of("e5", "b2", "c0", "c3", "a1", "d4"), tableIds(out), out);
        assertTrue(out.contains("| validation_accuracy | test_accuracy |"), out);
        assertTrue(out.contains("(6 rows)"), out);
        assertTrue(out.contains("best trial by validation accuracy (of the completed trials): e5 {}: validation NaN,"
                + " test 0.3000"), out);
    }

    @Test
    void withoutAValidationColumnRanksByTestAccuracy() throws Exception {
        ResultStore store = store("t", "SELECT * FROM VALUES"
                + " ('a1', 'completed', 10, 0.50D, '{\"x\":1}', 1.0D),"
                + " ('b2', 'diverged', 3, 0.95D, '{\"x\":2}', 1.0D),"
                + " ('c3', 'completed', 10, 0.80D, '{\"x\":3}', 2.5D)"
                + " AS t(trial_id, status, steps, test_accuracy, axis_values, seconds_task)");
        String out = summary(store);
        assertTrue(out.startsWith("ranked by test accuracy (no trial has a validation split"), out);
        assertEquals(List.of("b2", "c3", "a1"), tableIds(out), out);
        String header = out.lines().skip(1).findFirst().orElse("");
        assertEquals(List.of("trial_id", "status", "steps", "test_accuracy", "axis_values", "seconds"),
                Arrays.stream(header.split("\\|")).map(String::trim).toList(), out);
        assertTrue(out.contains("best trial by test accuracy (of the completed trials): c3 {\"x\":3}: test 0.8000"), out);
    }

    @Test
    void noCompletedTrialMeansNoBest() throws Exception {
        ResultStore store = store("n", "SELECT * FROM VALUES ('a1', 'failed', 0, CAST(NULL AS DOUBLE), '{}', 1.0D)"
                + " AS t(trial_id, status, steps, test_accuracy, axis_values, seconds_task)");
        String out = summary(store);
        assertTrue(out.contains("best trial: none (no completed trial has a test_accuracy)"), out);
        assertTrue(out.contains("(1 row)"), out);
    }
}
