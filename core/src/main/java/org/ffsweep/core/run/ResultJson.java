package org.ffsweep.core.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;

/** A {@link TrialResult} as one JSON object (NaN and infinities become null). */
public final class ResultJson {
    private ResultJson() {}

    public static String toJson(TrialResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("trial_id", r.configHash());
        o.addProperty("name", r.config().name());
        o.addProperty("status", r.status().key());
        o.add("message", r.message() == null ? JsonNull.INSTANCE : new JsonPrimitive(r.message()));
        o.addProperty("dataset", r.config().dataset().key());
        o.addProperty("data_fingerprint", r.dataFingerprint());
        o.add("train_accuracy", num(r.trainAccuracy()));
        o.add("test_accuracy", num(r.testAccuracy()));
        o.addProperty("collapsed", r.collapsed());
        o.addProperty("steps", r.steps());
        JsonObject secs = new JsonObject();
        r.phaseSeconds().forEach((k, v) -> secs.add(k.key(), num(v)));
        o.add("seconds", secs);
        o.addProperty("device", r.device());
        JsonObject versions = new JsonObject();
        r.versions().forEach(versions::addProperty);
        o.add("versions", versions);
        o.add("config", r.config().toJson());
        JsonArray evals = new JsonArray();
        for (EvalMetrics e : r.evalMetrics()) {
            JsonObject j = new JsonObject();
            j.addProperty("step", e.step());
            j.addProperty("epoch", e.epoch());
            j.addProperty("chunk", e.chunk());
            j.add("train_accuracy", num(e.trainAccuracy()));
            j.add("test_accuracy", num(e.testAccuracy()));
            j.addProperty("distinct_predictions", e.distinctTestPredictions());
            j.addProperty("collapsed", e.collapsed());
            j.add("seconds", num(e.seconds()));
            evals.add(j);
        }
        o.add("evaluations", evals);
        JsonArray steps = new JsonArray();
        for (StepMetrics s : r.stepMetrics()) {
            JsonObject j = new JsonObject();
            j.addProperty("step", s.step());
            j.addProperty("epoch", s.epoch());
            j.addProperty("chunk", s.chunk());
            j.addProperty("layer", s.layer());
            j.add("loss", num(s.loss()));
            j.add("goodness_pos", num(s.goodnessPos()));
            j.add("goodness_neg", num(s.goodnessNeg()));
            steps.add(j);
        }
        o.add("layer_metrics", steps);
        return o.toString();
    }

    private static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }
}
