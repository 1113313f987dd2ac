package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ffsweep.sweep.output.ResultStore;

/** {@code ffsweep sql --out DIR [--format table|csv|json] "SELECT ..."}: views trials, epochs, evaluations. */
final class SqlCommand {
    static final Set<String> OPTIONS = Set.of("--out", "--format");

    private SqlCommand() {}

    static int run(Args args, PrintStream out) {
        if (args.positional().size() != 1 || !args.options().containsKey("--out")) {
            throw new UsageException("expected: sql --out DIR [--format table|csv|json] \"SELECT ...\"");
        }
        String format = args.option("--format", "table");
        if (!Set.of("table", "csv", "json").contains(format)) {
            throw new UsageException("--format must be table, csv or json, got '" + format + "'");
        }
        String dir = args.option("--out", "");
        ResultStore store = ResultStore.open(dir, new org.apache.hadoop.conf.Configuration());
        if (!store.hasResults()) {
            throw new UsageException("no sweep results in " + store.root() + " (no trials/ folder)");
        }
        SparkSession spark = SparkSessions.start(new org.apache.spark.SparkConf().setAppName("ffsweep sql")
                .setMaster("local[1]"));
        try {
            query(spark, ResultStore.open(dir, spark.sparkContext().hadoopConfiguration()), args.positional().get(0),
                    format, out);
            return FfsweepMain.OK;
        } finally {
            spark.stop();
        }
    }

    static void query(SparkSession spark, ResultStore store, String sql, String format, PrintStream out) {
        for (String table : ResultStore.TABLES) {
            if (store.hasTable(table)) {
                spark.read().parquet(store.table(table)).createOrReplaceTempView(table);
            }
        }
        Dataset<Row> result = spark.sql(sql);
        switch (format) {
            case "csv" -> {
                out.println(String.join(",", result.columns()));
                for (Row r : result.collectAsList()) {
                    out.println(r.mkString(","));
                }
            }
            case "json" -> result.toJSON().collectAsList().forEach(out::println);
            default -> out.print(table(result.columns(), result.collectAsList()));
        }
        out.flush();
    }

    /** A plain-text table with a header, columns as wide as their widest cell. */
    static String table(String[] columns, java.util.List<Row> rows) {
        int[] w = new int[columns.length];
        java.util.List<String[]> cells = new java.util.ArrayList<>();
        for (Row r : rows) {
            String[] c = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                c[i] = String.valueOf(r.get(i));
            }
            cells.add(c);
        }
        for (int i = 0; i < columns.length; i++) {
            w[i] = columns[i].length();
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, columns, w);
        for (int i = 0; i < columns.length; i++) {
            sb.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
        }
        sb.append('\n');
        cells.forEach(c -> line(sb, c, w));
        sb.append("(").append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(String.format("%-" + w[i] + "s", c[i]));
        }
        sb.append('\n');
    }
}
