package org.ffsweep.core.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.ffsweep.core.util.Checks;

/**
 * A results table declared once: its columns in order, each with a name, a type, whether it may
 * be null, where it goes in the {@code train} command's JSON, and how its value is read from an
 * item. The Parquet schema, the row written and the JSON are all derived from this declaration
 * (no Spark types here; the sweep driver maps {@link Type} to Parquet).
 *
 * @param name the table's folder name ({@code trials}, {@code epochs}, {@code evaluations})
 * @param columns the columns, in file order
 * @param <T> what one row is made from
 */
public record ResultTable<T>(String name, List<Column<T>> columns) {

    /** Column types and the plain Java value each one takes. */
    public enum Type {
        /** {@link String}. */
        STRING,
        /** {@link Integer}. */
        INT,
        /** {@link Long}. */
        LONG,
        /** {@link Double}; NaN and infinities are stored as null. */
        DOUBLE,
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link Instant}; microseconds since the epoch, UTC, in Parquet. */
        TIMESTAMP,
        /** {@code List<Integer>} without null elements. */
        INT_LIST,
        /** A gson {@link JsonElement}: text in Parquet, a nested value in the JSON result. */
        JSON
    }

    /**
     * One column.
     *
     * @param name the column's name in Parquet
     * @param type its type
     * @param nullable whether it may be null
     * @param jsonKey its key in the {@code train} command's JSON ({@code a.b} nests it in object
     *     {@code a}), or null if it is not there
     * @param value reads the column's value from an item
     */
    public record Column<T>(String name, Type type, boolean nullable, String jsonKey, Function<T, Object> value) {
        public Column {
            Checks.notNull("name", name);
            Checks.notNull("type", type);
            Checks.notNull("value", value);
        }

        /** The value for {@code item}, checked against the type; non-finite doubles become null. */
        public Object read(T item) {
            Object v = value.apply(item);
            if (v instanceof Double d && !Double.isFinite(d)) {
                v = null;
            }
            if (v == null) {
                if (!nullable) {
                    throw new IllegalArgumentException("column " + name + " is null but not nullable");
                }
                return null;
            }
            Class<?> expected = switch (type) {
                case STRING -> String.class;
                case INT -> Integer.class;
                case LONG -> Long.class;
                case DOUBLE -> Double.class;
                case BOOLEAN -> Boolean.class;
                case TIMESTAMP -> Instant.class;
                case INT_LIST -> List.class;
                case JSON -> JsonElement.class;
            };
            if (!expected.isInstance(v)) {
                throw new IllegalArgumentException("column " + name + " expects " + expected.getSimpleName()
                        + ", got " + v.getClass().getName());
            }
            return v;
        }
    }

    public ResultTable {
        Checks.notNull("name", name);
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (Column<T> c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("table " + name + " declares column " + c.name() + " twice");
            }
        }
    }

    /** The column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The values of one row, in column order (checked; see {@link Column#read}). */
    public Object[] row(T item) {
        Object[] v = new Object[columns.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = columns.get(i).read(item);
        }
        return v;
    }

    /** The columns that have a JSON key, as one JSON object (nulls kept as JSON null). */
    public JsonObject json(T item) {
        JsonObject o = new JsonObject();
        for (Column<T> c : columns) {
            if (c.jsonKey() == null) {
                continue;
            }
            JsonObject parent = o;
            String[] path = c.jsonKey().split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                if (!parent.has(path[i])) {
                    parent.add(path[i], new JsonObject());
                }
                parent = parent.getAsJsonObject(path[i]);
            }
            parent.add(path[path.length - 1], toJson(c.read(item)));
        }
        return o;
    }

    /** {@link #json} of each item. */
    public JsonArray json(List<? extends T> items) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(json(i)));
        return a;
    }

    private static JsonElement toJson(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement j) {
            return j;
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof List<?> l) {
            JsonArray a = new JsonArray();
            l.forEach(x -> a.add(toJson(x)));
            return a;
        }
        return new JsonPrimitive(v.toString());
    }
}
