package org.ffsweep.sweep.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.ffsweep.core.run.ResultTable;
import org.ffsweep.core.run.ResultTable.Column;
import org.ffsweep.core.run.ResultTable.Type;
import org.ffsweep.core.run.ResultTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver-side Parquet writer: every column type, from plain Java values, read back; the result schemas as before. */
class ParquetTableTest {
    @TempDir
    java.nio.file.Path dir;

    /** One item: its values in column order. */
    private static final ResultTable<Object[]> TABLE = new ResultTable<>("t", List.of(
            col("s", Type.STRING, false, 0),
            col("i", Type.INT, true, 1),
            col("l", Type.LONG, false, 2),
            col("d", Type.DOUBLE, true, 3),
            col("b", Type.BOOLEAN, false, 4),
            col("t", Type.TIMESTAMP, false, 5),
            col("a", Type.INT_LIST, false, 6),
            col("j", Type.JSON, false, 7)));

    private static Column<Object[]> col(String name, Type type, boolean nullable, int i) {
        Function<Object[], Object> f = row -> row[i];
        return new Column<>(name, type, nullable, null, f);
    }

    @Test
    void writesEveryTypeFromPlainJavaValuesAndReadsItBack() throws Exception {
        Instant ts = Instant.ofEpochSecond(1_764_252_000L, 123_456_000);
        JsonObject json = new JsonObject();
        json.addProperty("model.activation", "relu");
        json.addProperty("ff.threshold", 2.0);
        List<Object[]> rows = List.of(
                new Object[] {"é trial", 7, 1L << 40, 0.25, true, ts, List.of(500, 500), json},
                new Object[] {"second", null, -1L, Double.NaN, false, ts, List.of(), new JsonObject()});
        Path file = new Path(dir.resolve("t.parquet").toString());
        ParquetTable.write(file, TABLE, rows, new Configuration());

        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).build()) {
            Group g = r.read();
            assertEquals("é trial", g.getString("s", 0));
            assertEquals(7, g.getInteger("i", 0));
            assertEquals(1L << 40, g.getLong("l", 0));
            assertEquals(0.25, g.getDouble("d", 0));
            assertTrue(g.getBoolean("b", 0));
            assertEquals(1_764_252_000_123_456L, g.getLong("t", 0), "microseconds since the epoch");
            Group list = g.getGroup("a", 0);
            assertEquals(2, list.getFieldRepetitionCount("list"));
            assertEquals(500, list.getGroup("list", 1).getInteger("element", 0));
            assertEquals("{\"model.activation\":\"relu\",\"ff.threshold\":2.0}", g.getString("j", 0));
            Group h = r.read();
            assertEquals(0, h.getFieldRepetitionCount("i"), "null stays null");
            assertEquals(0, h.getFieldRepetitionCount("d"), "NaN is stored as null");
            assertEquals(0, h.getGroup("a", 0).getFieldRepetitionCount("list"));
            assertEquals(null, r.read());
        }
    }

    @Test
    void refusesNullInARequiredColumnAWrongTypeAndAnExistingFile() throws Exception {
        Path file = new Path(dir.resolve("n.parquet").toString());
        Object[] bad = {null, 1, 1L, 1.0, true, Instant.EPOCH, List.of(1), new JsonObject()};
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParquetTable.write(file, TABLE, List.<Object[]>of(bad), new Configuration()));
        assertTrue(e.getMessage().contains("column s"), e.getMessage());
        Object[] wrong = {"x", "not an int", 1L, 1.0, true, Instant.EPOCH, List.of(1), new JsonObject()};
        e = assertThrows(IllegalArgumentException.class, () -> ParquetTable.write(
                new Path(dir.resolve("w.parquet").toString()), TABLE, List.<Object[]>of(wrong), new Configuration()));
        assertTrue(e.getMessage().contains("column i expects Integer"), e.getMessage());
        Files.writeString(dir.resolve("exists.parquet"), "x");
        assertThrows(java.io.IOException.class, () -> ParquetTable.write(
                new Path(dir.resolve("exists.parquet").toString()), TABLE, List.<Object[]>of(), new Configuration()));
    }

    /**
     * The schemas that main wrote before the columns were declared in core (names, types, order, nullability),
     * plus threads, concurrent_trials, pack_size, pack_id, validation_accuracy (trials, evaluations) and
     * validation_size (trials).
     */
    @Test
    void resultSchemasAreTheOnesExistingFoldersHave() throws Exception {
        String expected;
        try (InputStream in = ParquetTableTest.class.getResourceAsStream("result-schemas.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String actual = ParquetTable.schema(ResultTables.TRIALS) + "\n" + ParquetTable.schema(ResultTables.EPOCHS)
                + "\n" + ParquetTable.schema(ResultTables.EVALUATIONS) + "\n";
        assertEquals(expected, actual);
        assertEquals(53, ResultTables.TRIALS.columns().size());
    }

    /** The decisions table of a sweep with a scheduler (docs/results.md). */
    @Test
    void theDecisionsSchemaIsPinned() {
        assertEquals("""
                message spark_schema {
                  required int32 rung;
                  required int64 step;
                  required binary metric (STRING);
                  optional double value;
                  optional double tie_break;
                  required binary decision (STRING);
                  required int64 decided_at (TIMESTAMP(MICROS,true));
                }
                """.strip(), ParquetTable.schema(ResultTables.DECISIONS).toString().strip());
    }
}
