package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ffsweep.sweep.output.ResultFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ffsweep sql} on a real results folder: read-only, one line and exit 2 for user errors, RFC 4180 CSV. */
class SqlCommandIT {
    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void folder() throws IOException {
        out = dir.resolve("out");
        ResultFolders.write(out, ResultFolders.completed(dir, 1.0), ResultFolders.completed(dir, 2.0),
                ResultFolders.failed(dir));
    }

    private CliHarness.Result sql(String query, String... format) {
        List<String> args = new java.util.ArrayList<>(List.of("sql", "--out", out.toString()));
        args.addAll(List.of(format));
        args.add(query);
        return CliHarness.run(args);
    }

    /** Every file under the folder with the SHA-256 of its bytes. */
    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                h.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return h;
    }

    private static void assertOneLineExit2(CliHarness.Result r, String... contains) {
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        for (String c : contains) {
            assertTrue(r.err().contains(c), () -> "names " + c + ": " + r.err());
        }
    }

    @Test
    void writingStatementsAreRefusedAndNoFileChanges() throws Exception {
        Map<String, String> before = hashes(out);
        assertEquals(3, before.keySet().stream().filter(f -> f.startsWith("trials/") && f.endsWith(".parquet")).count());
        Map<String, String> refused = Map.of(
                "INSERT OVERWRITE DIRECTORY '" + out.resolve("trials") + "' SELECT * FROM trials",
                "INSERT OVERWRITE DIRECTORY",
                "INSERT INTO trials SELECT * FROM trials", "INSERT INTO",
                "CREATE TABLE t AS SELECT * FROM trials", "CREATE TABLE AS SELECT",
                "DROP TABLE trials", "DROP TABLE",
                "CACHE TABLE trials", "CACHE TABLE",
                "SET spark.sql.warehouse.dir=" + out, "SET",
                "ADD JAR " + out.resolve("x.jar"), "ADD JARS",
                "SELECT 1; DROP TABLE trials", "2 statements");
        for (var e : refused.entrySet()) {
            assertOneLineExit2(sql(e.getKey()), "refused", e.getValue());
        }
        assertEquals(before, hashes(out), "every file under --out is byte-identical");
        assertFalse(Files.exists(Path.of("spark-warehouse")), "no warehouse in the current folder");
        assertFalse(Files.exists(Path.of("metastore_db")));
    }

    @Test
    void queriesStreamCsvQuotedAsRfc4180WithAxisValuesAsJsonObjects() throws Exception {
        Map<String, String> before = hashes(out);
        CliHarness.Result r = sql("SELECT status, error_message, axis_values, hidden_sizes FROM trials"
                + " ORDER BY status, threshold", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertEquals("status,error_message,axis_values,hidden_sizes\n"
                + "completed,,\"{\"\"ff.threshold\"\":1.0,\"\"model.activation\"\":\"\"relu\"\"}\",\"[500,500,500,500]\"\n"
                + "completed,,\"{\"\"ff.threshold\"\":2.0,\"\"model.activation\"\":\"\"relu\"\"}\",\"[500,500,500,500]\"\n"
                + "failed,\"bad, \"\"very\"\" bad\nsecond line\",\"{\"\"ff.threshold\"\":7.0,\"\"model.activation\"\":"
                + "\"\"elu\"\"}\",\"[500,500,500,500]\"\n", r.out().replace("\r\n", "\n"));

        CliHarness.Result t = sql("SELECT get_json_object(axis_values, '$[\\'model.activation\\']') AS a, seconds_data"
                + " FROM trials WHERE status = 'completed' ORDER BY threshold");
        assertEquals(0, t.code(), t.err());
        assertEquals(List.of("a    | seconds_data", "-----+-------------", "relu | 0.5", "relu | 0.5", "(2 rows)"),
                t.out().lines().toList());
        assertEquals(before, hashes(out));
        assertFalse(Files.exists(Path.of("spark-warehouse")), "no warehouse in the current folder");
    }

    @Test
    void aFolderMixingFilesFromBeforeValidationAccuracyReadsWithNullThere() throws Exception {
        Path mixed = dir.resolve("mixed");
        var old = ResultFolders.completed(dir, 1.0);
        ResultFolders.write(mixed, old, ResultFolders.completedWithValidation(dir, 2.0, 0.75));
        ResultFolders.asBeforeValidation(mixed, old);
        for (String table : List.of("trials", "evaluations")) {
            CliHarness.Result r = CliHarness.run(List.of("sql", "--out", mixed.toString(), "--format", "csv",
                    "SELECT t.threshold, x.validation_accuracy FROM " + table + " x JOIN trials t USING (trial_id)"
                            + " ORDER BY t.threshold"));
            assertEquals(0, r.code(), r.err());
            assertEquals("threshold,validation_accuracy\n1.0,\n2.0,0.75\n", r.out().replace("\r\n", "\n"), table);
        }
    }

    @Test
    void userErrorsAreOneLineNamingTheQueryOrFile() throws Exception {
        assertOneLineExit2(sql("SELEC * FROM trials"), "cannot parse \"SELEC * FROM trials\"", "PARSE_SYNTAX_ERROR");
        assertOneLineExit2(sql("SELECT no_such_column FROM trials"), "\"SELECT no_such_column FROM trials\"",
                "no_such_column");
        assertOneLineExit2(sql("SELECT * FROM no_such_table"), "no_such_table");

        Path part;
        try (Stream<Path> s = Files.walk(out.resolve("evaluations"))) {
            part = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        assertOneLineExit2(sql("SELECT count(*) FROM trials"), "results file " + part + " is unreadable",
                "run the sweep again to replace trial " + part.getParent().getFileName().toString().substring(9));
    }
}
