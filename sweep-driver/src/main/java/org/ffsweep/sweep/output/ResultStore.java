package org.ffsweep.sweep.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.ffsweep.core.config.ConfigEnum;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.spark.TaskOutcome;

/**
 * The output folder: {@code trials/}, {@code epochs/} and {@code evaluations/}, each with one
 * {@code trial_id=<id>} folder per finished trial. A trial is written aside (under {@code _tmp/},
 * which readers ignore) and renamed into place, {@code trials} last: a trial either has all its
 * rows or none, and a crash never leaves partial rows. Driver only. Any Hadoop file system
 * (local, NFS, HDFS); on a cluster the folder must be one that the driver and every executor
 * see. Folder renames are atomic on local file systems and HDFS, not on object stores such as
 * S3, where a crash during a rename can leave a trial's {@code epochs} without its
 * {@code trials} row: such a trial counts as unfinished and its leftovers are replaced when it
 * runs again.
 */
public final class ResultStore {
    public static final List<String> TABLES = List.of("trials", "epochs", "evaluations");
    private static final String STATUS_FILE = "_STATUS";
    private static final String PREFIX = "trial_id=";

    private final FileSystem fs;
    private final Path root;

    private ResultStore(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** The store at {@code dir} (a local path or a file system URI). */
    public static ResultStore open(String dir, Configuration hadoop) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(hadoop);
            return new ResultStore(fs, fs.makeQualified(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the output folder " + dir, e);
        }
    }

    /** The folder, fully qualified ({@code file:/...}, {@code hdfs://...}). */
    public String root() {
        return root.toString();
    }

    /** Whether the folder holds results of a sweep (a {@code trials/} folder). */
    public boolean hasResults() {
        return isDirectory(new Path(root, "trials"));
    }

    /** The qualified path of one table, for Spark readers. */
    public String table(String name) {
        return new Path(root, name).toString();
    }

    /** Whether {@code table} exists. */
    public boolean hasTable(String name) {
        return isDirectory(new Path(root, name));
    }

    /** Status ({@code completed}, {@code diverged}, {@code failed}) of every trial with rows. */
    public Map<String, TrialStatus> finished() {
        Map<String, TrialStatus> done = new HashMap<>();
        Path trials = new Path(root, "trials");
        if (!isDirectory(trials)) {
            return done;
        }
        try {
            for (FileStatus d : fs.listStatus(trials)) {
                String name = d.getPath().getName();
                Path status = new Path(d.getPath(), STATUS_FILE);
                if (d.isDirectory() && name.startsWith(PREFIX) && fs.exists(status)) {
                    try (var in = fs.open(status)) {
                        done.put(name.substring(PREFIX.length()), ConfigEnum.parse(TrialStatus.class,
                                new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + trials, e);
        }
        return done;
    }

    /**
     * Writes a trial's rows aside, then makes them visible; replaces an earlier (failed) run's rows.
     * Written by the driver itself (no Spark job).
     */
    public synchronized void write(String sweep, TaskOutcome o) {
        String id = o.spec().trialId();
        Path tmp = new Path(new Path(root, "_tmp"), id + "-" + UUID.randomUUID());
        try {
            parquet(List.of(ResultRows.trial(sweep, o)), ResultSchema.TRIALS, new Path(tmp, "trials"));
            try (OutputStream out = fs.create(new Path(new Path(tmp, "trials"), STATUS_FILE), false)) {
                out.write(o.status().key().getBytes(StandardCharsets.UTF_8));
            }
            parquet(ResultRows.epochs(o), ResultSchema.EPOCHS, new Path(tmp, "epochs"));
            parquet(ResultRows.evaluations(o), ResultSchema.EVALUATIONS, new Path(tmp, "evaluations"));
            for (String table : List.of("epochs", "evaluations", "trials")) { // trials last: it marks done
                Path target = new Path(new Path(root, table), PREFIX + id);
                fs.mkdirs(target.getParent());
                fs.delete(target, true);
                if (!fs.rename(new Path(tmp, table), target)) {
                    throw new IOException("rename of " + new Path(tmp, table) + " to " + target + " failed");
                }
            }
            fs.delete(tmp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of trial " + id + " under " + root, e);
        }
    }

    /** Removes what a crashed run left half-written under {@code _tmp/} (one driver per folder). */
    public void clearStaleTemp() {
        delete(new Path(root, "_tmp"));
    }

    /** Whether {@code _tmp/} is absent or empty. */
    public boolean tempIsEmpty() {
        Path tmp = new Path(root, "_tmp");
        try {
            return !fs.exists(tmp) || fs.listStatus(tmp).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tmp, e);
        }
    }

    /** Removes rows of trials that did not finish (a crash between renames) before they run again. */
    public void discardUnfinished(String trialId) {
        for (String table : List.of("epochs", "evaluations")) {
            delete(new Path(new Path(root, table), PREFIX + trialId));
        }
    }

    private void parquet(List<Row> rows, StructType schema, Path dir) throws IOException {
        ParquetTable.write(new Path(dir, "part-00000.snappy.parquet"), schema, rows, fs.getConf());
    }

    private boolean isDirectory(Path p) {
        try {
            return fs.getFileStatus(p).isDirectory();
        } catch (java.io.FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private void delete(Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
