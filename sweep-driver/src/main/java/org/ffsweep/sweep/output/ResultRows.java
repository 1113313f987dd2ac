package org.ffsweep.sweep.output;

import com.google.gson.Gson;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.spark.TaskOutcome;

/** A trial's outcome as rows of {@link ResultSchema}'s tables. */
public final class ResultRows {
    private static final Gson GSON = new Gson();

    private ResultRows() {}

    public static Row trial(String sweep, TaskOutcome o) {
        TrialConfig c = o.spec().config();
        TrialResult r = o.result();
        Map<Phase, Double> s = r == null ? Map.of() : r.phaseSeconds();
        var m = c.model();
        var ff = c.ff();
        var t = c.training();
        return RowFactory.create(sweep, o.status().key(), o.errorClass(), o.errorMessage(),
                r == null ? null : finite(r.trainAccuracy()), r == null ? null : finite(r.testAccuracy()),
                r == null ? null : r.collapsed(), r == null ? null : r.steps(),
                s.get(Phase.DATA), s.get(Phase.SETUP), s.get(Phase.TRAIN), s.get(Phase.EVAL), o.seconds(),
                r == null ? null : r.device(), o.where().host(), o.where().executorId(), o.where().gpuAddress(),
                o.where().attempt(), new Timestamp(o.startedAtMillis()), new Timestamp(o.endedAtMillis()),
                c.seed(), c.dataset().key(),
                r == null ? null : r.dataFingerprint(), m.kind().key(),
                scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(m.hiddenSizes())).toSeq(),
                m.activation().key(), m.inputNorm(), m.dropout(), m.skipConnections(), ff.goodness().key(),
                ff.loss().key(), ff.threshold(), ff.margin(), ff.marginSign().key(), ff.softplus().key(),
                ff.negatives().key(), ff.prediction().key(), ff.predictionSkip().key(), t.schedule().key(),
                t.batchSize(), t.epochs(), t.learningRate(), t.trainLimit(), t.maxChunks(),
                GSON.toJson(o.spec().axisValues()), r == null ? null : GSON.toJson(r.versions()),
                c.toJson().toString());
    }

    public static List<Row> epochs(TaskOutcome o) {
        List<Row> rows = new ArrayList<>();
        if (o.result() != null) {
            for (StepMetrics s : o.result().stepMetrics()) {
                rows.add(RowFactory.create(s.step(), s.epoch(), s.chunk(), s.layer(), finite(s.loss()),
                        finite(s.goodnessPos()), finite(s.goodnessNeg())));
            }
        }
        return rows;
    }

    public static List<Row> evaluations(TaskOutcome o) {
        List<Row> rows = new ArrayList<>();
        if (o.result() != null) {
            for (EvalMetrics e : o.result().evalMetrics()) {
                rows.add(RowFactory.create(e.step(), e.epoch(), e.chunk(), finite(e.trainAccuracy()),
                        finite(e.testAccuracy()), e.distinctTestPredictions(), e.collapsed(), e.seconds()));
            }
        }
        return rows;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
