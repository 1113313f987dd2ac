package org.ffsweep.core.run;

import static org.ffsweep.core.run.ResultTable.Type.BOOLEAN;
import static org.ffsweep.core.run.ResultTable.Type.DOUBLE;
import static org.ffsweep.core.run.ResultTable.Type.INT;
import static org.ffsweep.core.run.ResultTable.Type.INT_LIST;
import static org.ffsweep.core.run.ResultTable.Type.JSON;
import static org.ffsweep.core.run.ResultTable.Type.LONG;
import static org.ffsweep.core.run.ResultTable.Type.STRING;
import static org.ffsweep.core.run.ResultTable.Type.TIMESTAMP;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.ffsweep.core.config.ConfigEnum;
import org.ffsweep.core.run.ResultTable.Column;
import org.ffsweep.core.run.ResultTable.Type;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;

/**
 * The result tables, each column declared here and nowhere else: the sweep's Parquet files
 * ({@code trials}, {@code epochs}, {@code evaluations}, each partitioned by {@code trial_id}) and
 * the {@code train} command's JSON ({@link ResultJson}) are derived from these declarations.
 * Column names, types and order are what readers of existing results folders see: change them
 * only together with {@code docs/results.md}.
 */
public final class ResultTables {
    private ResultTables() {}

    /** {@code trials}: one row per trial. */
    public static final ResultTable<TrialRecord> TRIALS = new ResultTable<>("trials", List.of(
            col("sweep", STRING, false, null, TrialRecord::sweep),
            col("status", STRING, false, "status", t -> t.status().key()),
            col("error_class", STRING, true, null, TrialRecord::errorClass),
            col("error_message", STRING, true, null, TrialRecord::errorMessage),
            col("train_accuracy", DOUBLE, true, "train_accuracy", result(TrialResult::trainAccuracy)),
            col("test_accuracy", DOUBLE, true, "test_accuracy", result(TrialResult::testAccuracy)),
            col("validation_accuracy", DOUBLE, true, "validation_accuracy", result(TrialResult::validationAccuracy)),
            col("collapsed", BOOLEAN, true, "collapsed", result(TrialResult::collapsed)),
            col("steps", LONG, true, "steps", result(TrialResult::steps)),
            col("seconds_data", DOUBLE, true, "seconds.data", t -> t.phaseSeconds(Phase.DATA)),
            col("seconds_setup", DOUBLE, true, "seconds.setup", t -> t.phaseSeconds(Phase.SETUP)),
            col("seconds_train", DOUBLE, true, "seconds.train", t -> t.phaseSeconds(Phase.TRAIN)),
            col("seconds_eval", DOUBLE, true, "seconds.eval", t -> t.phaseSeconds(Phase.EVAL)),
            col("seconds_task", DOUBLE, false, null, TrialRecord::secondsTask),
            col("device", STRING, true, "device", result(TrialResult::device)),
            col("threads", INT, true, null, t -> t.execution().threads()),
            col("concurrent_trials", INT, true, null, t -> t.execution().concurrentTrials()),
            col("pack_size", INT, true, null, t -> t.execution().packSize()),
            col("pack_id", STRING, true, null, t -> t.execution().packId()),
            col("host", STRING, false, null, TrialRecord::host),
            col("executor_id", STRING, false, null, TrialRecord::executorId),
            col("gpu_address", STRING, true, null, TrialRecord::gpuAddress),
            col("task_attempt", INT, false, null, TrialRecord::attempt),
            col("started_at", TIMESTAMP, false, null, TrialRecord::startedAt),
            col("ended_at", TIMESTAMP, false, null, TrialRecord::endedAt),
            col("seed", LONG, false, null, t -> t.config().seed()),
            col("dataset", STRING, false, "dataset", t -> key(t.config().dataset())),
            col("data_fingerprint", STRING, true, "data_fingerprint", result(TrialResult::dataFingerprint)),
            col("model_kind", STRING, false, null, t -> key(t.config().model().kind())),
            col("hidden_sizes", INT_LIST, false, null, t -> List.copyOf(t.config().model().hiddenSizes())),
            col("activation", STRING, false, null, t -> key(t.config().model().activation())),
            col("input_norm", BOOLEAN, false, null, t -> t.config().model().inputNorm()),
            col("dropout", DOUBLE, false, null, t -> t.config().model().dropout()),
            col("skip_connections", BOOLEAN, false, null, t -> t.config().model().skipConnections()),
            col("goodness", STRING, false, null, t -> key(t.config().ff().goodness())),
            col("loss", STRING, false, null, t -> key(t.config().ff().loss())),
            col("threshold", DOUBLE, false, null, t -> t.config().ff().threshold()),
            col("margin", DOUBLE, false, null, t -> t.config().ff().margin()),
            col("margin_sign", STRING, false, null, t -> key(t.config().ff().marginSign())),
            col("softplus", STRING, false, null, t -> key(t.config().ff().softplus())),
            col("negatives", STRING, false, null, t -> key(t.config().ff().negatives())),
            col("prediction", STRING, false, null, t -> key(t.config().ff().prediction())),
            col("prediction_skip", STRING, false, null, t -> key(t.config().ff().predictionSkip())),
            col("schedule", STRING, false, null, t -> key(t.config().training().schedule())),
            col("batch_size", INT, false, null, t -> t.config().training().batchSize()),
            col("epochs", INT, false, null, t -> t.config().training().epochs()),
            col("learning_rate", DOUBLE, false, null, t -> t.config().training().learningRate()),
            col("train_limit", INT, false, null, t -> t.config().training().trainLimit()),
            col("max_chunks", INT, false, null, t -> t.config().training().maxChunks()),
            col("validation_size", INT, false, null, t -> t.config().data().validationSize()),
            col("axis_values", JSON, false, null, TrialRecord::axisValues),
            col("versions", JSON, true, "versions", result(r -> versions(r))),
            col("config_json", JSON, false, "config", t -> t.config().toJson())));

    /** {@code epochs}: one row per recorded step and layer ({@code layer_metrics} in the JSON). */
    public static final ResultTable<StepMetrics> EPOCHS = new ResultTable<>("epochs", List.of(
            col("step", LONG, false, "step", StepMetrics::step),
            col("epoch", INT, false, "epoch", StepMetrics::epoch),
            col("chunk", INT, false, "chunk", StepMetrics::chunk),
            col("layer", INT, false, "layer", StepMetrics::layer),
            col("loss", DOUBLE, true, "loss", StepMetrics::loss),
            col("goodness_pos", DOUBLE, true, "goodness_pos", StepMetrics::goodnessPos),
            col("goodness_neg", DOUBLE, true, "goodness_neg", StepMetrics::goodnessNeg)));

    /** {@code evaluations}: one row per accuracy measurement ({@code evaluations} in the JSON). */
    public static final ResultTable<EvalMetrics> EVALUATIONS = new ResultTable<>("evaluations", List.of(
            col("step", LONG, false, "step", EvalMetrics::step),
            col("epoch", INT, false, "epoch", EvalMetrics::epoch),
            col("chunk", INT, false, "chunk", EvalMetrics::chunk),
            col("train_accuracy", DOUBLE, true, "train_accuracy", EvalMetrics::trainAccuracy),
            col("test_accuracy", DOUBLE, true, "test_accuracy", EvalMetrics::testAccuracy),
            col("validation_accuracy", DOUBLE, true, "validation_accuracy", EvalMetrics::validationAccuracy),
            col("distinct_predictions", INT, false, "distinct_predictions", EvalMetrics::distinctTestPredictions),
            col("collapsed", BOOLEAN, false, "collapsed", EvalMetrics::collapsed),
            col("seconds", DOUBLE, false, "seconds", EvalMetrics::seconds)));

    /**
     * {@code decisions}: one row per trial and rung of a sweep with a scheduler
     * ({@code ffsweep.sweep.scheduler}); not one of the per-trial tables of {@link #ALL}.
     */
    public static final ResultTable<DecisionRecord> DECISIONS = new ResultTable<>("decisions", List.of(
            col("rung", INT, false, null, DecisionRecord::rung),
            col("step", LONG, false, null, DecisionRecord::step),
            col("metric", STRING, false, null, DecisionRecord::metric),
            col("value", DOUBLE, true, null, DecisionRecord::value),
            col("tie_break", DOUBLE, true, null, d -> Double.isNaN(d.tieBreak()) ? null : d.tieBreak()),
            col("decision", STRING, false, null, DecisionRecord::decision),
            col("decided_at", TIMESTAMP, false, null, DecisionRecord::decidedAt)));

    /** The three tables, in the order a trial's files are made visible ({@code trials} last: it marks done). */
    public static final List<ResultTable<?>> ALL = List.of(EPOCHS, EVALUATIONS, TRIALS);

    private static <T> Column<T> col(String name, Type type, boolean nullable, String jsonKey,
            Function<T, Object> value) {
        return new Column<>(name, type, nullable, jsonKey, value);
    }

    /** A value of the trial's result; null when the trial threw and has none. */
    private static Function<TrialRecord, Object> result(Function<TrialResult, Object> f) {
        return t -> t.result() == null ? null : f.apply(t.result());
    }

    private static String key(ConfigEnum e) {
        return e.key();
    }

    private static JsonObject versions(TrialResult r) {
        JsonObject o = new JsonObject();
        r.versions().forEach(o::addProperty);
        return o;
    }
}
