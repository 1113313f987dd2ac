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

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schemas, declared, never inferred. Each table is partitioned by {@code trial_id}
 * (a folder {@code trial_id=<id>} per trial), so the column comes from the path.
 */
public final class ResultSchema {
    private ResultSchema() {}

    /** {@code trials}: one row per trial. */
    public static final StructType TRIALS = createStructType(List.of(
            createStructField("sweep", StringType, false),
            createStructField("status", StringType, false),
            createStructField("error_class", StringType, true),
            createStructField("error_message", StringType, true),
            createStructField("train_accuracy", DoubleType, true),
            createStructField("test_accuracy", DoubleType, true),
            createStructField("collapsed", BooleanType, true),
            createStructField("steps", LongType, true),
            createStructField("seconds_data", DoubleType, true),
            createStructField("seconds_setup", DoubleType, true),
            createStructField("seconds_train", DoubleType, true),
            createStructField("seconds_eval", DoubleType, true),
            createStructField("seconds_task", DoubleType, false),
            createStructField("device", StringType, true),
            createStructField("host", StringType, false),
            createStructField("executor_id", StringType, false),
            createStructField("gpu_address", StringType, true),
            createStructField("task_attempt", IntegerType, false),
            createStructField("started_at", TimestampType, false),
            createStructField("ended_at", TimestampType, false),
            createStructField("seed", LongType, false),
            createStructField("dataset", StringType, false),
            createStructField("data_fingerprint", StringType, true),
            createStructField("model_kind", StringType, false),
            createStructField("hidden_sizes", createArrayType(IntegerType, false), false),
            createStructField("activation", StringType, false),
            createStructField("input_norm", BooleanType, false),
            createStructField("dropout", DoubleType, false),
            createStructField("skip_connections", BooleanType, false),
            createStructField("goodness", StringType, false),
            createStructField("loss", StringType, false),
            createStructField("threshold", DoubleType, false),
            createStructField("margin", DoubleType, false),
            createStructField("margin_sign", StringType, false),
            createStructField("softplus", StringType, false),
            createStructField("negatives", StringType, false),
            createStructField("prediction", StringType, false),
            createStructField("prediction_skip", StringType, false),
            createStructField("schedule", StringType, false),
            createStructField("batch_size", IntegerType, false),
            createStructField("epochs", IntegerType, false),
            createStructField("learning_rate", DoubleType, false),
            createStructField("train_limit", IntegerType, false),
            createStructField("max_chunks", IntegerType, false),
            createStructField("axis_values", StringType, false),
            createStructField("versions", StringType, true),
            createStructField("config_json", StringType, false)));

    /** {@code epochs}: one row per recorded step and layer. */
    public static final StructType EPOCHS = createStructType(List.of(
            createStructField("step", LongType, false),
            createStructField("epoch", IntegerType, false),
            createStructField("chunk", IntegerType, false),
            createStructField("layer", IntegerType, false),
            createStructField("loss", DoubleType, true),
            createStructField("goodness_pos", DoubleType, true),
            createStructField("goodness_neg", DoubleType, true)));

    /** {@code evaluations}: one row per accuracy measurement. */
    public static final StructType EVALUATIONS = createStructType(List.of(
            createStructField("step", LongType, false),
            createStructField("epoch", IntegerType, false),
            createStructField("chunk", IntegerType, false),
            createStructField("train_accuracy", DoubleType, true),
            createStructField("test_accuracy", DoubleType, true),
            createStructField("distinct_predictions", IntegerType, false),
            createStructField("collapsed", BooleanType, false),
            createStructField("seconds", DoubleType, false)));
}
