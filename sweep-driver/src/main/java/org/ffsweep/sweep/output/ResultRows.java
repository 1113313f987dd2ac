package org.ffsweep.sweep.output;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ffsweep.core.run.ResultTables;
import org.ffsweep.core.run.TrialRecord;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.sweep.spark.TaskOutcome;

/**
 * A trial's outcome as what the rows of {@link ResultTables}' tables are read from. Plain Java
 * values only: no Spark types.
 */
public final class ResultRows {
    private ResultRows() {}

    /** What the trial's {@code trials} row is read from. */
    public static TrialRecord trial(String sweep, TaskOutcome o) {
        return new TrialRecord(sweep, o.spec().config(), o.result(), o.status(), o.errorClass(), o.errorMessage(),
                o.seconds(), o.where().host(), o.where().executorId(), o.where().gpuAddress(), o.where().attempt(),
                Instant.ofEpochMilli(o.startedAtMillis()), Instant.ofEpochMilli(o.endedAtMillis()),
                axisValues(o.spec().axisValues()), o.execution());
    }

    /** The trial's {@code epochs} rows (none if it threw). */
    public static List<StepMetrics> epochs(TaskOutcome o) {
        return o.result() == null ? List.of() : o.result().stepMetrics();
    }

    /** The trial's {@code evaluations} rows (none if it threw). */
    public static List<EvalMetrics> evaluations(TaskOutcome o) {
        return o.result() == null ? List.of() : o.result().evalMetrics();
    }

    /**
     * The axis values, each given as HOCON/JSON text ({@code "relu"}, {@code 2.0}, {@code [500,500]}),
     * as one JSON object of typed values: {@code {"model.activation":"relu","ff.threshold":2.0}}.
     * Text that is not JSON stays a string.
     */
    static JsonObject axisValues(Map<String, String> values) {
        JsonObject o = new JsonObject();
        values.forEach((path, text) -> o.add(path, parse(text)));
        return o;
    }

    private static JsonElement parse(String text) {
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return new JsonPrimitive(text);
        }
    }
}
