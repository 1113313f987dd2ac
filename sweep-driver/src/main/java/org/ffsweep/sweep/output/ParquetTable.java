package org.ffsweep.sweep.output;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.ffsweep.core.run.ResultTable;

/**
 * Writes rows of a {@link ResultTable} as one Parquet file, in the driver, with no Spark job and
 * no Spark types: a finished trial's rows never wait for an executor slot behind queued trials.
 * Maps each column type to Parquet as Spark writes it: string (UTF-8 binary), int, long,
 * double, boolean, timestamp (INT64 micros, UTC), a list of int (the standard three-level LIST)
 * and JSON (a string). Spark, PySpark and DuckDB read them.
 */
final class ParquetTable {
    private ParquetTable() {}

    /** The Parquet schema of {@code table}. */
    static MessageType schema(ResultTable<?> table) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (ResultTable.Column<?> c : table.columns()) {
            b.addField(field(c.name(), c.type(), c.nullable()));
        }
        return b.named("spark_schema");
    }

    /** Writes one row per item to {@code file}, which must not exist. */
    static <T> void write(Path file, ResultTable<T> table, List<? extends T> items, Configuration conf)
            throws IOException {
        MessageType type = schema(table);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        List<ResultTable.Column<T>> columns = table.columns();
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withConf(conf).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
            for (T item : items) {
                Group g = groups.newGroup();
                Object[] row = table.row(item);
                for (int i = 0; i < row.length; i++) {
                    if (row[i] != null) {
                        put(g, columns.get(i).name(), columns.get(i).type(), row[i]);
                    }
                }
                w.write(g);
            }
        }
    }

    private static Type field(String name, ResultTable.Type t, boolean nullable) {
        Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        return switch (t) {
            case INT_LIST -> Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup()
                            .addField(Types.primitive(PrimitiveTypeName.INT32, Type.Repetition.REQUIRED)
                                    .named("element"))
                            .named("list"))
                    .named(name);
            case STRING, JSON -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType())
                    .named(name);
            case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        };
    }

    private static void put(Group g, String name, ResultTable.Type t, Object v) {
        switch (t) {
            case INT_LIST -> {
                Group list = g.addGroup(name);
                for (Object e : (List<?>) v) {
                    if (e == null) {
                        throw new IllegalArgumentException("column " + name + " holds a null element");
                    }
                    list.addGroup("list").append("element", (Integer) e);
                }
            }
            case STRING -> g.append(name, Binary.fromString((String) v));
            case JSON -> g.append(name, Binary.fromString(((JsonElement) v).toString()));
            case INT -> g.append(name, (Integer) v);
            case LONG -> g.append(name, (Long) v);
            case DOUBLE -> g.append(name, (Double) v);
            case BOOLEAN -> g.append(name, (Boolean) v);
            case TIMESTAMP -> g.append(name, ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) v));
        }
    }
}
