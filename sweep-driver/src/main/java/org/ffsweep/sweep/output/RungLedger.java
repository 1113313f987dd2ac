package org.ffsweep.sweep.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ffsweep.core.run.DecisionRecord;
import org.ffsweep.core.run.ResultTables;
import org.ffsweep.sweep.spark.TaskOutcome;

/**
 * What a sweep's scheduler keeps in its results folder so that a sweep killed at any moment and
 * run again decides as an uninterrupted run: each trial's rung report ({@code _rungs/<trial_id>/rung-<k>.outcome},
 * the outcome of the segment that paused it there, Java-serialized) and each decision (a row of
 * the {@code decisions} table, {@code decisions/trial_id=<id>/rung-<k>.snappy.parquet}). Each file
 * is written aside and renamed into place, so it is whole or absent; a decision already written
 * is never written again. Driver only; the results folder's lock ({@link ResultStore}) keeps
 * other sweeps out.
 */
public final class RungLedger {
    /** The folder of rung reports under a results folder (readers ignore names starting with {@code _}). */
    public static final String REPORTS = "_rungs";
    private static final String PREFIX = "trial_id=";
    private static final String TMP = "_tmp";

    private final FileSystem fs;
    private final Path root;

    /** The ledger of the results folder {@code resultsRoot} (fully qualified). */
    public RungLedger(String resultsRoot, Configuration hadoop) {
        try {
            Path p = new Path(resultsRoot);
            this.fs = p.getFileSystem(hadoop);
            this.root = fs.makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + resultsRoot, e);
        }
    }

    /** Every report kept: trial id to rung to the outcome that paused the trial there. */
    public Map<String, Map<Integer, TaskOutcome>> reports() {
        Map<String, Map<Integer, TaskOutcome>> out = new HashMap<>();
        Path dir = new Path(root, REPORTS);
        for (FileStatus t : list(dir)) {
            for (FileStatus f : list(t.getPath())) {
                String n = f.getPath().getName();
                if (!n.matches("rung-\\d+\\.outcome")) {
                    continue; // a temporary file of a write cut short
                }
                int rung = Integer.parseInt(n.substring(5, n.indexOf('.')));
                try (ObjectInputStream in = new ObjectInputStream(fs.open(f.getPath()))) {
                    out.computeIfAbsent(t.getPath().getName(), k -> new HashMap<>()).put(rung,
                            (TaskOutcome) in.readObject());
                } catch (IOException | ClassNotFoundException | ClassCastException e) {
                    throw new IllegalStateException("the rung report " + f.getPath() + " cannot be read (" + e
                            + "): it was written by another version of ffsweep; delete " + dir + " and "
                            + new Path(root, "decisions") + " to start the schedule again", e);
                }
            }
        }
        return out;
    }

    /** Keeps {@code o} as trial {@code trialId}'s report at {@code rung}, atomically. */
    public void writeReport(String trialId, int rung, TaskOutcome o) {
        Path target = new Path(new Path(new Path(root, REPORTS), trialId), name(rung) + ".outcome");
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            fs.mkdirs(target.getParent());
            try (OutputStream s = fs.create(tmp, false); ObjectOutputStream out = new ObjectOutputStream(s)) {
                out.writeObject(o);
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rung report of trial " + trialId + " under " + root, e);
        }
    }

    /** The (trial, rung) pairs whose decision is written, as {@code trialId + "/" + rung}. */
    public Set<String> decided() {
        Set<String> out = new HashSet<>();
        for (FileStatus t : list(new Path(root, ResultTables.DECISIONS.name()))) {
            String d = t.getPath().getName();
            if (!d.startsWith(PREFIX)) {
                continue;
            }
            for (FileStatus f : list(t.getPath())) {
                String n = f.getPath().getName();
                if (n.matches("rung-\\d+\\.snappy\\.parquet")) {
                    out.add(d.substring(PREFIX.length()) + "/" + Integer.parseInt(n.substring(5, n.indexOf('.'))));
                }
            }
        }
        return out;
    }

    /** Writes trial {@code trialId}'s decision {@code d}, atomically, unless one is written at its rung. */
    public void writeDecision(String trialId, DecisionRecord d) {
        Path target = new Path(new Path(new Path(root, ResultTables.DECISIONS.name()), PREFIX + trialId),
                name(d.rung()) + ".snappy.parquet");
        Path tmp = new Path(new Path(root, TMP), "decision-" + trialId + "-" + UUID.randomUUID() + ".parquet");
        try {
            if (fs.exists(target)) {
                return;
            }
            ParquetTable.write(tmp, ResultTables.DECISIONS, List.of(d), fs.getConf());
            fs.mkdirs(target.getParent());
            if (!fs.rename(tmp, target)) {
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the decision of trial " + trialId + " under " + root, e);
        }
    }

    private static String name(int rung) {
        return String.format(Locale.ROOT, "rung-%02d", rung);
    }

    private FileStatus[] list(Path dir) {
        try {
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
