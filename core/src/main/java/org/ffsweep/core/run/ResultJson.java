package org.ffsweep.core.run;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A {@link TrialResult} as one JSON object (NaN and infinities become null), derived from the
 * column declarations of {@link ResultTables}: the {@code trials} columns that have a JSON key,
 * {@code evaluations} and {@code layer_metrics} (the {@code epochs} table) as arrays of objects
 * keyed by column name, plus the trial's id, name and message.
 */
public final class ResultJson {
    private ResultJson() {}

    public static String toJson(TrialResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("trial_id", r.configHash());
        o.addProperty("name", r.config().name());
        o.add("message", r.message() == null ? JsonNull.INSTANCE : new JsonPrimitive(r.message()));
        ResultTables.TRIALS.json(TrialRecord.of(r)).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        o.add("evaluations", ResultTables.EVALUATIONS.json(r.evalMetrics()));
        o.add("layer_metrics", ResultTables.EPOCHS.json(r.stepMetrics()));
        return o.toString();
    }
}
