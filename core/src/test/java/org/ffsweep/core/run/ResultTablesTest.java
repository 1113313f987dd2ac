package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one declaration of the result columns: the rows and the train command's JSON derived from it. */
class ResultTablesTest {
    @TempDir
    Path dir;

    private TrialResult result() throws Exception {
        TrialConfig c = ConfigLoader.load(Files.writeString(dir.resolve("t.conf"), ""),
                List.of("model.hidden-sizes=[20, 10]")).trial();
        return new TrialResult(c, c.configHash(), "fp", TrialStatus.DIVERGED, "loss NaN", 0.5, Double.NaN, true, 12,
                Map.of(Phase.DATA, 1.5, Phase.SETUP, 0.25, Phase.TRAIN, 3.0, Phase.EVAL, 0.5), "cpu()",
                Map.of("djl", "0.36.0"), List.of(new StepMetrics(1, 1, 1, 1, 0.3, Double.POSITIVE_INFINITY, 0.1)),
                List.of(new EvalMetrics(12, 1, 1, 0.5, 0.4, 3, false, 0.2)));
    }

    @Test
    void theTrainJsonHasTheKeysItHadBeforePlusValidationAccuracy() throws Exception {
        JsonObject o = JsonParser.parseString(ResultJson.toJson(result())).getAsJsonObject();
        assertEquals(Set.of("trial_id", "name", "status", "message", "dataset", "data_fingerprint", "train_accuracy",
                "test_accuracy", "validation_accuracy", "collapsed", "steps", "seconds", "device", "versions", "config", "evaluations",
                "layer_metrics"), o.keySet());
        assertEquals("diverged", o.get("status").getAsString());
        assertTrue(o.get("test_accuracy").isJsonNull(), "NaN is null");
        assertTrue(o.get("validation_accuracy").isJsonNull(), "no validation set: null");
        assertEquals(1.5, o.getAsJsonObject("seconds").get("data").getAsDouble());
        assertEquals(Set.of("data", "setup", "train", "eval"), o.getAsJsonObject("seconds").keySet());
        assertEquals("0.36.0", o.getAsJsonObject("versions").get("djl").getAsString());
        assertEquals(20, o.getAsJsonObject("config").getAsJsonObject("model").getAsJsonArray("hiddenSizes")
                .get(0).getAsInt());
        JsonObject step = o.getAsJsonArray("layer_metrics").get(0).getAsJsonObject();
        assertEquals(Set.of("step", "epoch", "chunk", "layer", "loss", "goodness_pos", "goodness_neg"), step.keySet());
        assertTrue(step.get("goodness_pos").isJsonNull(), "infinity is null");
        assertEquals(Set.of("step", "epoch", "chunk", "train_accuracy", "test_accuracy", "validation_accuracy",
                "distinct_predictions", "collapsed", "seconds"), o.getAsJsonArray("evaluations").get(0).getAsJsonObject().keySet());
    }

    @Test
    void aTrialsRowFollowsTheColumnsInOrderWithTypedValues() throws Exception {
        TrialResult r = result();
        JsonObject axes = new JsonObject();
        axes.addProperty("ff.threshold", 2.0);
        TrialRecord t = new TrialRecord("s", r.config(), r, r.status(), null, null, 9.0, "h", "driver", null, 0,
                java.time.Instant.EPOCH, java.time.Instant.EPOCH, axes);
        Object[] row = ResultTables.TRIALS.row(t);
        List<String> names = ResultTables.TRIALS.columnNames();
        assertEquals(53, row.length);
        assertEquals(null, row[names.indexOf("validation_accuracy")], "no validation set: null");
        assertEquals(0, row[names.indexOf("validation_size")]);
        assertEquals(names.indexOf("test_accuracy") + 1, names.indexOf("validation_accuracy"));
        assertEquals(1.5, row[names.indexOf("seconds_data")]);
        assertEquals(null, row[names.indexOf("test_accuracy")], "NaN is null");
        assertEquals(List.of(20, 10), row[names.indexOf("hidden_sizes")]);
        assertEquals("{\"ff.threshold\":2.0}", row[names.indexOf("axis_values")].toString());
        assertEquals("diverged", row[names.indexOf("status")]);

        TrialRecord failed = new TrialRecord("s", r.config(), null, TrialStatus.FAILED, "java.lang.OutOfMemoryError",
                "m", 1.0, "h", "1", null, 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH, new JsonObject());
        Object[] f = ResultTables.TRIALS.row(failed);
        assertEquals(null, f[names.indexOf("seconds_data")]);
        assertEquals(null, f[names.indexOf("versions")]);

        TrialRecord noHost = TrialRecord.of(r);
        var e = assertThrows(IllegalArgumentException.class, () -> ResultTables.TRIALS.row(noHost));
        assertTrue(e.getMessage().contains("column sweep is null but not nullable"), e.getMessage());
    }
}
