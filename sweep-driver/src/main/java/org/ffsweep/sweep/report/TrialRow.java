package org.ffsweep.sweep.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a results folder's {@code trials} table as the report reads it: every column by
 * name (whatever columns the file has, so that folders written by older or newer versions still
 * render), with typed access to the few the figures use.
 *
 * @param id the trial's {@code trial_id} (its partition folder)
 * @param values column name to value (String, Integer, Long, Double, Boolean, Instant, List)
 * @param byValidation the folder has validation accuracies, so they rank its trials (see {@link #score})
 */
record TrialRow(String id, Map<String, Object> values, boolean byValidation) {
    TrialRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The status as written ({@code completed}, {@code diverged}, {@code stopped}, {@code failed}). */
    String status() {
        return String.valueOf(values.get("status"));
    }

    /** The status with a completed trial whose test predictions are all one label shown as {@code collapsed}. */
    String shownStatus() {
        return status().equals("completed") && Boolean.TRUE.equals(values.get("collapsed")) ? "collapsed" : status();
    }

    Double number(String column) {
        return values.get(column) instanceof Number n ? n.doubleValue() : null;
    }

    String text(String column) {
        Object v = values.get(column);
        return v == null ? null : v.toString();
    }

    /**
     * The accuracy that ranks trials: {@code validation_accuracy} when any trial of the folder
     * has one (a trial without one is then not ranked: the test set never decides), else
     * {@code test_accuracy}; null if the trial has no value of it.
     */
    Double score() {
        return number(byValidation ? "validation_accuracy" : "test_accuracy");
    }

    /** The values this trial took on the sweep's axes ({@code axis_values}), in the file's order. */
    Map<String, JsonElement> axes() {
        Map<String, JsonElement> axes = new LinkedHashMap<>();
        String json = text("axis_values");
        if (json != null && !json.isBlank()) {
            JsonElement e = JsonParser.parseString(json);
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                o.entrySet().forEach(kv -> axes.put(kv.getKey(), kv.getValue()));
            }
        }
        return axes;
    }

    /** A short label: the first 8 characters of the id and the axis values. */
    String label() {
        StringBuilder b = new StringBuilder(id.length() > 8 ? id.substring(0, 8) : id);
        axes().forEach((k, v) -> b.append(' ').append(shortKey(k)).append('=').append(AxisValue.text(v)));
        return b.toString();
    }

    /** {@code ff.threshold} as {@code threshold}: the last segment of an axis path. */
    static String shortKey(String axis) {
        int dot = axis.lastIndexOf('.');
        return dot < 0 ? axis : axis.substring(dot + 1);
    }
}
