package org.ffsweep.sweep.report;

import com.google.gson.JsonElement;
import java.util.Comparator;
import java.util.List;

/** How the report shows and orders the values of a sweep axis (JSON values from {@code axis_values}). */
final class AxisValue {
    private AxisValue() {}

    /** {@code relu} for a string, {@code 2.0} for a number, {@code [500,500]} for an array. */
    static String text(JsonElement v) {
        if (v == null || v.isJsonNull()) {
            return "null";
        }
        return v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? v.getAsString() : v.toString();
    }

    static boolean isNumber(JsonElement v) {
        return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber();
    }

    /** Whether every value is a number (the axis is drawn to scale). */
    static boolean allNumbers(List<JsonElement> values) {
        return !values.isEmpty() && values.stream().allMatch(AxisValue::isNumber);
    }

    /** Numbers by value; anything else by its text. */
    static final Comparator<JsonElement> ORDER = (a, b) -> isNumber(a) && isNumber(b)
            ? Double.compare(a.getAsDouble(), b.getAsDouble()) : text(a).compareTo(text(b));
}
