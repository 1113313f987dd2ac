package org.ffsweep.sweep.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.ffsweep.sweep.output.ResultStore;

/**
 * {@code ffsweep sql --out DIR [--format table|csv|json] "SELECT ..."}: queries a sweep's trials,
 * epochs and evaluations, read-only. Only a query runs ({@link ReadOnlySql}); anything else is
 * refused before Spark starts, with one line and exit code 2, and no file under DIR changes.
 * Bad SQL, unknown columns or tables, and unreadable result files end the same way. Rows stream
 * to stdout as Spark produces them (one partition at a time), never all held at once. Driver only.
 */
final class SqlCommand {
    static final Set<String> OPTIONS = Set.of("--out", "--format");
    /**
     * The {@code table} format sets its column widths from this many first rows and prints them;
     * later rows stream with the same widths (a wider cell is printed whole, never cut).
     */
    static final int TABLE_WIDTH_ROWS = 1000;
    private static final String QUERIES = "sql runs one query only (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN)";

    private SqlCommand() {}

    static int run(Args args, PrintStream out, PrintStream err) throws Exception {
        if (args.positional().size() != 1 || !args.options().containsKey("--out")) {
            throw new UsageException("expected: sql --out DIR [--format table|csv|json] \"SELECT ...\"");
        }
        String format = args.option("--format", "table");
        if (!Set.of("table", "csv", "json").contains(format)) {
            throw new UsageException("--format must be table, csv or json, got '" + format + "'");
        }
        String sql = args.positional().get(0);
        try {
            ReadOnlySql.check(new SparkSqlParser(), sql); // before Spark starts: a refused statement never runs
        } catch (ReadOnlySql.Refused e) {
            err.println("ffsweep: " + QUERIES + "; refused " + quote(sql) + ": " + e.getMessage());
            return FfsweepMain.BAD_INPUT;
        } catch (ParseException e) {
            err.println("ffsweep: sql: cannot parse " + quote(sql) + ": " + firstLine(e));
            return FfsweepMain.BAD_INPUT;
        }
        String dir = args.option("--out", "");
        ResultStore store = ResultStore.open(dir, new org.apache.hadoop.conf.Configuration());
        if (!store.hasResults()) {
            throw new UsageException("no sweep results in " + store.root() + " (no trials/ folder)");
        }
        Map<String, String> bad = store.unreadableFiles();
        if (!bad.isEmpty()) {
            var first = bad.entrySet().iterator().next();
            err.println("ffsweep: results file " + first.getKey() + " is unreadable (" + first.getValue()
                    + "); run the sweep again to replace trial " + ResultStore.trialOf(first.getKey())
                    + (bad.size() > 1 ? " (" + (bad.size() - 1) + " more unreadable file(s))" : ""));
            return FfsweepMain.BAD_INPUT;
        }
        Path warehouse = tempDir();
        // The warehouse (where CREATE TABLE would write) in a temporary folder, never the current one
        SparkSession spark = SparkSessions.start(new org.apache.spark.SparkConf().setAppName("ffsweep sql")
                .setMaster("local[1]").set("spark.sql.catalogImplementation", "in-memory")
                .set("spark.sql.warehouse.dir", warehouse.toUri().toString()));
        try {
            query(spark, ResultStore.open(dir, spark.sparkContext().hadoopConfiguration()), sql, format, out);
            return FfsweepMain.OK;
        } catch (ReadOnlySql.Refused e) {
            err.println("ffsweep: " + QUERIES + "; refused " + quote(sql) + ": " + e.getMessage());
            return FfsweepMain.BAD_INPUT;
        } catch (ParseException e) {
            err.println("ffsweep: sql: cannot parse " + quote(sql) + ": " + firstLine(e));
            return FfsweepMain.BAD_INPUT;
        } catch (Exception e) { // Spark throws AnalysisException (checked) without declaring it
            SparkThrowable user = userError(e);
            if (user == null) {
                throw e;
            }
            out.flush();
            err.println("ffsweep: sql: query " + quote(sql) + " failed: " + firstLine((Throwable) user));
            return FfsweepMain.BAD_INPUT;
        } finally {
            spark.stop();
            deleteTree(warehouse);
        }
    }

    /**
     * Registers the tables as views and prints what {@code sql} returns in {@code format}.
     *
     * @throws ReadOnlySql.Refused if {@code sql} is not a read-only query (nothing runs then)
     * @throws ParseException if it is not SQL
     */
    static void query(SparkSession spark, ResultStore store, String sql, String format, PrintStream out)
            throws ReadOnlySql.Refused, ParseException {
        ReadOnlySql.check(spark.sessionState().sqlParser(), sql);
        views(spark, store);
        Dataset<Row> result = spark.sql(sql);
        switch (format) {
            case "csv" -> csv(result, out);
            case "json" -> result.toJSON().toLocalIterator().forEachRemaining(out::println);
            default -> table(result.columns(), result.toLocalIterator(), out);
        }
        out.flush();
    }

    /** Registers the folder's tables as views ({@code trials}, {@code epochs}, ...; those it has). */
    static void views(SparkSession spark, ResultStore store) {
        for (String table : ResultStore.VIEWS) {
            if (store.hasTable(table)) {
                // a folder resumed across versions holds files with and without newer columns
                spark.read().option("mergeSchema", "true").parquet(store.table(table)).createOrReplaceTempView(table);
            }
        }
    }

    /**
     * CSV with a header; fields quoted as RFC 4180 says (a field holding a comma, a double quote,
     * CR or LF is enclosed in double quotes, its double quotes doubled) by Apache Commons Text,
     * which every Spark distribution ships. Null is an empty field; lines end with LF.
     */
    private static void csv(Dataset<Row> result, PrintStream out) {
        out.println(String.join(",", Stream.of(result.columns()).map(StringEscapeUtils::escapeCsv).toList()));
        Iterator<Row> rows = result.toLocalIterator();
        StringBuilder line = new StringBuilder();
        while (rows.hasNext()) {
            Row r = rows.next();
            line.setLength(0);
            for (int i = 0; i < r.length(); i++) {
                String cell = cell(r.get(i));
                line.append(i == 0 ? "" : ",").append(cell == null ? "" : StringEscapeUtils.escapeCsv(cell));
            }
            out.println(line);
        }
    }

    /** A plain-text table with a header; widths from the first {@link #TABLE_WIDTH_ROWS} rows. */
    static void table(String[] columns, Iterator<Row> rows, PrintStream out) {
        List<String[]> page = new ArrayList<>();
        while (page.size() < TABLE_WIDTH_ROWS && rows.hasNext()) {
            page.add(cells(rows.next(), columns.length));
        }
        int[] w = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            w[i] = columns[i].length();
            for (String[] c : page) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        out.println(line(new StringBuilder(), columns, w));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            sb.append(i == 0 ? "" : "-+-").append("-".repeat(w[i]));
        }
        out.println(sb);
        long n = 0;
        for (String[] c : page) {
            out.println(line(new StringBuilder(), c, w));
            n++;
        }
        while (rows.hasNext()) {
            out.println(line(new StringBuilder(), cells(rows.next(), columns.length), w));
            n++;
        }
        out.println("(" + n + (n == 1 ? " row)" : " rows)"));
    }

    private static String[] cells(Row r, int n) {
        String[] c = new String[n];
        for (int i = 0; i < n; i++) {
            c[i] = String.valueOf(cell(r.get(i)));
        }
        return c;
    }

    private static StringBuilder line(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : " | ").append(c[i]);
            if (i < c.length - 1) {
                sb.append(" ".repeat(Math.max(0, w[i] - c[i].length())));
            }
        }
        return sb;
    }

    /** A cell as text: arrays, maps and structs as JSON, binary as hex, null as null. */
    static String cell(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Row || v instanceof scala.collection.Iterable<?>) {
            return json(v).toString();
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    private static JsonElement json(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Row r) {
            JsonObject o = new JsonObject();
            String[] names = r.schema() == null ? null : r.schema().fieldNames();
            for (int i = 0; i < r.length(); i++) {
                o.add(names == null ? "_" + (i + 1) : names[i], json(r.get(i)));
            }
            return o;
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            JsonObject o = new JsonObject();
            var it = m.iterator();
            while (it.hasNext()) {
                scala.Tuple2<?, ?> kv = it.next();
                o.add(String.valueOf(cell(kv._1())), json(kv._2()));
            }
            return o;
        }
        if (v instanceof scala.collection.Iterable<?> seq) {
            JsonArray a = new JsonArray();
            var it = seq.iterator();
            while (it.hasNext()) {
                a.add(json(it.next()));
            }
            return a;
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return new JsonPrimitive(cell(v));
    }

    /**
     * The first error in the chain that Spark raised for the user (bad SQL, a missing column), or null.
     * Its condition is read with {@code getErrorClass}, which Spark 4 deprecates for {@code getCondition}
     * but still has, and which Spark 3.5 (where {@code getCondition} does not exist) has too.
     */
    @SuppressWarnings("deprecation")
    private static SparkThrowable userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkThrowable s && !s.isInternalError() && s.getErrorClass() != null) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElse(e.getClass().getSimpleName());
    }

    /** The query in double quotes on one line, shortened past 200 characters. */
    private static String quote(String sql) {
        String one = sql.strip().replaceAll("\\s+", " ");
        return "\"" + (one.length() > 200 ? one.substring(0, 200) + "..." : one) + "\"";
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ffsweep-sql-warehouse-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
