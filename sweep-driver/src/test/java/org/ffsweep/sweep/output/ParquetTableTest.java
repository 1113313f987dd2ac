package org.ffsweep.sweep.output;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver-side Parquet writer: every column type the result tables use, read back. */
class ParquetTableTest {
    @TempDir
    java.nio.file.Path dir;

    private static final StructType SCHEMA = createStructType(List.of(
            createStructField("s", StringType, false),
            createStructField("i", IntegerType, true),
            createStructField("l", LongType, false),
            createStructField("d", DoubleType, true),
            createStructField("b", BooleanType, false),
            createStructField("t", TimestampType, false),
            createStructField("a", createArrayType(IntegerType, false), false)));

    @Test
    void writesEveryTypeAndReadsItBack() throws Exception {
        Timestamp ts = new Timestamp(1_764_252_000_123L);
        ts.setNanos(123_456_000);
        List<Row> rows = List.of(
                RowFactory.create("é trial", 7, 1L << 40, 0.25, true, ts,
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of(500, 500)).toSeq()),
                RowFactory.create("second", null, -1L, null, false, ts,
                        scala.jdk.javaapi.CollectionConverters.asScala(List.<Integer>of()).toSeq()));
        Path file = new Path(dir.resolve("t.parquet").toString());
        ParquetTable.write(file, SCHEMA, rows, new Configuration());

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
            Group h = r.read();
            assertEquals(0, h.getFieldRepetitionCount("i"), "null stays null");
            assertEquals(0, h.getGroup("a", 0).getFieldRepetitionCount("list"));
            assertEquals(null, r.read());
        }
    }

    @Test
    void refusesNullInARequiredColumnAndAnExistingFile() throws Exception {
        Path file = new Path(dir.resolve("n.parquet").toString());
        Row bad = RowFactory.create(null, 1, 1L, 1.0, true, new Timestamp(0),
                scala.jdk.javaapi.CollectionConverters.asScala(List.of(1)).toSeq());
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParquetTable.write(file, SCHEMA, List.of(bad), new Configuration()));
        assertTrue(e.getMessage().contains("column s"), e.getMessage());
        Files.writeString(dir.resolve("exists.parquet"), "x");
        assertThrows(java.io.IOException.class, () -> ParquetTable.write(new Path(dir.resolve("exists.parquet").toString()),
                SCHEMA, List.of(), new Configuration()));
    }

    @Test
    void resultSchemasAllConvert() {
        for (StructType s : List.of(ResultSchema.TRIALS, ResultSchema.EPOCHS, ResultSchema.EVALUATIONS)) {
            assertEquals(s.fields().length, ParquetTable.schema(s).getFieldCount());
        }
        assertTrue(ParquetTable.schema(ResultSchema.TRIALS).toString().contains("required group hidden_sizes (LIST)"),
                ParquetTable.schema(ResultSchema.TRIALS).toString());
    }
}
