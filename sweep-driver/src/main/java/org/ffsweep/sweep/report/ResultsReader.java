package org.ffsweep.sweep.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;
import org.ffsweep.sweep.output.ResultFolderException;
import org.ffsweep.sweep.report.ResultsSnapshot.EvalPoint;
import org.ffsweep.sweep.report.ResultsSnapshot.LayerStep;

/**
 * Reads a results folder's Parquet files directly (parquet-hadoop, no Spark: a report starts in
 * a second, not ten), read-only and without the folder's lock, so it can read a folder that a
 * sweep is still writing. It takes the trials that have a {@code trials/trial_id=<id>/_STATUS}
 * (the sweep renames a trial's {@code trials} folder into place last, so such a trial has all its
 * rows) and ignores {@code _tmp/}. A trial whose files vanish or cannot be read while it is being
 * read (a failed trial run again replaces its files) is left out with a note. Driver only.
 */
final class ResultsReader {
    private static final String PREFIX = "trial_id=";

    private ResultsReader() {}

    /** Reads the folder {@code dir}; refuses one that holds no {@code trials} table. */
    static ResultsSnapshot read(String dir, Configuration conf) throws ResultFolderException {
        FileSystem fs;
        Path root;
        try {
            Path p = new Path(dir);
            fs = p.getFileSystem(conf);
            root = fs.makeQualified(p);
            if (!fs.getFileStatus(new Path(root, "trials")).isDirectory()) {
                throw new FileNotFoundException();
            }
        } catch (FileNotFoundException e) {
            throw new ResultFolderException("no results in " + dir + " (no trials folder): give --out the folder a"
                    + " sweep wrote");
        } catch (IOException | IllegalArgumentException e) {
            throw new ResultFolderException("cannot read the results folder " + dir + ": " + e.getMessage(), e);
        }
        List<TrialRow> trials = new ArrayList<>();
        Map<String, List<LayerStep>> layers = new HashMap<>();
        Map<String, List<EvalPoint>> evals = new HashMap<>();
        List<String> notes = new ArrayList<>();
        FileStatus[] dirs;
        try {
            dirs = fs.listStatus(new Path(root, "trials"));
        } catch (IOException e) {
            throw new ResultFolderException("cannot list " + new Path(root, "trials") + ": " + e.getMessage(), e);
        }
        // one trial per task: most of the time is opening small files, which overlaps well
        java.util.Arrays.stream(dirs).parallel().forEach(d -> {
            String name = d.getPath().getName();
            if (!d.isDirectory() || !name.startsWith(PREFIX)) {
                return;
            }
            String id = name.substring(PREFIX.length());
            try {
                if (!fs.exists(new Path(d.getPath(), "_STATUS"))) {
                    return;
                }
                List<Map<String, Object>> rows = rows(fs, d.getPath(), conf);
                if (rows.size() != 1) {
                    throw new IOException(rows.size() + " rows in " + d.getPath());
                }
                List<LayerStep> ls = new ArrayList<>();
                for (Map<String, Object> r : rows(fs, table(root, "epochs", id), conf)) {
                    ls.add(new LayerStep(num(r.get("step")).longValue(), num(r.get("layer")).intValue(),
                            dbl(r.get("loss")), dbl(r.get("goodness_pos")), dbl(r.get("goodness_neg"))));
                }
                List<EvalPoint> es = new ArrayList<>();
                for (Map<String, Object> r : rows(fs, table(root, "evaluations", id), conf)) {
                    es.add(new EvalPoint(num(r.get("step")).longValue(), dbl(r.get("train_accuracy")),
                            dbl(r.get("test_accuracy")), Boolean.TRUE.equals(r.get("collapsed"))));
                }
                ls.sort(Comparator.comparingLong(LayerStep::step).thenComparingInt(LayerStep::layer));
                es.sort(Comparator.comparingLong(EvalPoint::step));
                synchronized (trials) {
                    trials.add(new TrialRow(id, rows.get(0), false));
                    layers.put(id, ls);
                    evals.put(id, es);
                }
            } catch (IOException | RuntimeException e) {
                synchronized (trials) {
                    notes.add("trial " + id + " left out: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        });
        notes.sort(null);
        trials.sort(Comparator.comparing(TrialRow::id));
        // with a validation split anywhere in the folder, validation accuracy ranks every trial
        boolean validation = trials.stream().anyMatch(t -> t.number("validation_accuracy") != null);
        trials.replaceAll(t -> new TrialRow(t.id(), t.values(), validation));
        return new ResultsSnapshot(trials, layers, evals, notes);
    }

    private static Path table(Path root, String table, String id) {
        return new Path(new Path(root, table), PREFIX + id);
    }

    /** Every row of every data file in {@code dir} (names starting with {@code _} or {@code .} skipped). */
    private static List<Map<String, Object>> rows(FileSystem fs, Path dir, Configuration conf) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            String n = f.getPath().getName();
            if (!f.isFile() || n.startsWith("_") || n.startsWith(".")) {
                continue;
            }
            try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(conf)
                    .build()) {
                for (Group g = r.read(); g != null; g = r.read()) {
                    rows.add(values(g));
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> values(Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type t = type.getType(i);
            m.put(t.getName(), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, t));
        }
        return m;
    }

    private static Object value(Group g, int i, Type t) {
        if (!t.isPrimitive()) { // a LIST of int (hidden_sizes): list.element
            Group list = g.getGroup(i, 0);
            List<Object> out = new ArrayList<>();
            for (int k = 0; k < list.getFieldRepetitionCount(0); k++) {
                Group e = list.getGroup(0, k);
                out.add(e.getFieldRepetitionCount(0) == 0 ? null : e.getValueToString(0, 0));
            }
            return out;
        }
        LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
        return switch (t.asPrimitiveType().getPrimitiveTypeName()) {
            case INT32 -> g.getInteger(i, 0);
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
                    ? Instant.EPOCH.plusNanos(g.getLong(i, 0) * 1000) : (Object) g.getLong(i, 0);
            case DOUBLE -> g.getDouble(i, 0);
            case FLOAT -> (double) g.getFloat(i, 0);
            case BOOLEAN -> g.getBoolean(i, 0);
            default -> g.getValueToString(i, 0);
        };
    }

    private static Number num(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalStateException("expected a number, found " + v);
    }

    private static Double dbl(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }
}
