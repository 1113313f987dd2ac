package org.ffsweep.sweep.output;

import java.io.IOException;
import java.sql.Timestamp;
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
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows of a {@link ResultSchema} table as one Parquet file, in the driver, with no Spark
 * job: a finished trial's rows never wait for an executor slot behind queued trials. Covers the
 * types the result tables use: string, int, long, double, boolean, timestamp (INT64 micros, UTC)
 * and arrays of int (the standard three-level LIST). Spark, PySpark and DuckDB read them.
 */
final class ParquetTable {
    private ParquetTable() {}

    /** The Parquet schema of {@code schema}. */
    static MessageType schema(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            b.addField(field(f.name(), f.dataType(), f.nullable()));
        }
        return b.named("spark_schema");
    }

    /** Writes {@code rows} to {@code file}, which must not exist. */
    static void write(Path file, StructType schema, List<Row> rows, Configuration conf) throws IOException {
        MessageType type = schema(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf))
                .withConf(conf).withType(type).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE).build()) {
            for (Row r : rows) {
                Group g = groups.newGroup();
                StructField[] fields = schema.fields();
                for (int i = 0; i < fields.length; i++) {
                    if (!r.isNullAt(i)) {
                        put(g, fields[i].name(), fields[i].dataType(), r, i);
                    } else if (!fields[i].nullable()) {
                        throw new IllegalArgumentException("column " + fields[i].name() + " is null but not nullable");
                    }
                }
                w.write(g);
            }
        }
    }

    private static Type field(String name, DataType t, boolean nullable) {
        Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.IntegerType)) {
            return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup()
                            .addField(Types.primitive(PrimitiveTypeName.INT32, a.containsNull()
                                    ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED).named("element"))
                            .named("list"))
                    .named(name);
        }
        if (t.equals(DataTypes.StringType)) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
        }
        if (t.equals(DataTypes.IntegerType)) {
            return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
        }
        if (t.equals(DataTypes.LongType)) {
            return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
        }
        if (t.equals(DataTypes.DoubleType)) {
            return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
        }
        if (t.equals(DataTypes.BooleanType)) {
            return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
        }
        if (t.equals(DataTypes.TimestampType)) {
            return Types.primitive(PrimitiveTypeName.INT64, rep)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
        }
        throw new IllegalArgumentException("column " + name + ": type " + t.simpleString() + " is not supported");
    }

    private static void put(Group g, String name, DataType t, Row r, int i) {
        if (t instanceof ArrayType) {
            Group list = g.addGroup(name);
            for (Object v : r.getList(i)) {
                Group element = list.addGroup("list");
                if (v != null) {
                    element.append("element", (Integer) v);
                }
            }
        } else if (t.equals(DataTypes.StringType)) {
            g.append(name, Binary.fromString(r.getString(i)));
        } else if (t.equals(DataTypes.IntegerType)) {
            g.append(name, r.getInt(i));
        } else if (t.equals(DataTypes.LongType)) {
            g.append(name, r.getLong(i));
        } else if (t.equals(DataTypes.DoubleType)) {
            g.append(name, r.getDouble(i));
        } else if (t.equals(DataTypes.BooleanType)) {
            g.append(name, r.getBoolean(i));
        } else {
            Timestamp ts = r.getTimestamp(i);
            g.append(name, ts.getTime() / 1000 * 1_000_000 + ts.getNanos() / 1000);
        }
    }
}
