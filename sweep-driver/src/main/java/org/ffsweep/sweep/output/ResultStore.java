package org.ffsweep.sweep.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.SparkConf;
import org.ffsweep.core.config.ConfigEnum;
import org.ffsweep.core.run.ResultTable;
import org.ffsweep.core.run.ResultTables;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.spark.TaskOutcome;
import scala.Tuple2;

/**
 * The output folder: {@code trials/}, {@code epochs/} and {@code evaluations/}, each with one
 * {@code trial_id=<id>} folder per finished trial, a marker {@code _FFSWEEP} that says the folder
 * is ffsweep's, and while a sweep writes it, that sweep's {@code _LOCK} ({@link ResultLock}). A
 * trial is written aside (under {@code _tmp/}, which readers ignore) and renamed into place,
 * {@code trials} last: a trial either has all its rows or none, and a crash never leaves partial
 * rows. Driver only. Any Hadoop file system (local, NFS, HDFS); on a cluster the folder must be
 * one that the driver and every executor see. Folder renames are atomic on local file systems
 * and HDFS, not on object stores such as S3, where a crash during a rename can leave a trial's
 * {@code epochs} without its {@code trials} row: such a trial counts as unfinished and its
 * leftovers are replaced when it runs again.
 *
 * <p>{@link #open} gives a read-only view (the {@code sql} command); {@link #openForSweep} checks
 * the folder and takes its lock, and only such a store writes, clears {@code _tmp/} or discards
 * rows. {@link #close()} releases the lock.
 */
public final class ResultStore implements AutoCloseable {
    public static final List<String> TABLES = List.of("trials", "epochs", "evaluations");
    /** The tables {@code sql} can query: {@link #TABLES} and, for a sweep with a scheduler, {@code decisions}. */
    public static final List<String> VIEWS = List.of("trials", "epochs", "evaluations",
            ResultTables.DECISIONS.name());
    /** The file that marks a folder as an ffsweep results folder. */
    public static final String MARKER = "_FFSWEEP";
    private static final String STATUS_FILE = "_STATUS";
    private static final String PREFIX = "trial_id=";
    private static final String TMP = "_tmp";
    /** What a results folder written before the marker existed may hold. */
    private static final Set<String> LEGACY_ENTRIES = Set.of("trials", "epochs", "evaluations", TMP);

    private final FileSystem fs;
    private final Path root;
    private final ResultLock lock;
    private final Consumer<String> notes;

    private ResultStore(FileSystem fs, Path root, ResultLock lock, Consumer<String> notes) {
        this.fs = fs;
        this.root = root;
        this.lock = lock;
        this.notes = notes;
    }

    /** A read-only view of the folder {@code dir} (a local path or a file system URI). */
    public static ResultStore open(String dir, Configuration hadoop) {
        try {
            Path p = new Path(dir);
            FileSystem fs = p.getFileSystem(hadoop);
            return new ResultStore(fs, fs.makeQualified(p), null, line -> { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the output folder " + dir, e);
        }
    }

    /**
     * The results folder {@code dir} for a sweep, checked and locked before any work: created if
     * absent; refused if it is a file, cannot be written, is a non-empty folder that is not an
     * ffsweep results folder, or is locked by another sweep that still runs. Marks the folder as
     * ffsweep's. Close the store to release the lock (a shutdown hook also does).
     *
     * @param command what runs, recorded in the lock for whoever finds it
     * @param notes receives one-line notes (a stale lock taken over, a damaged trial discarded)
     */
    public static ResultStore openForSweep(String dir, Configuration hadoop, String command, Consumer<String> notes)
            throws ResultFolderException {
        FileSystem fs;
        Path root;
        try {
            Path p = new Path(dir);
            fs = p.getFileSystem(hadoop);
            root = fs.makeQualified(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new ResultFolderException("cannot open the results folder " + dir + ": " + e.getMessage(), e);
        }
        boolean marked = checkFolder(fs, root);
        ResultLock lock = ResultLock.acquire(fs, root, command, notes);
        try {
            if (!marked) {
                try (OutputStream out = fs.create(new Path(root, MARKER), true)) {
                    out.write(("ffsweep results folder, created " + Instant.now() + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return new ResultStore(fs, root, lock, notes);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw new ResultFolderException("cannot write to the results folder " + ResultLock.display(root) + ": "
                    + e, e);
        }
    }

    /** The Hadoop configuration a Spark session would have: {@code spark.hadoop.*} of {@code conf}. */
    public static Configuration hadoopConfiguration(SparkConf conf) {
        Configuration c = new Configuration();
        for (Tuple2<String, String> kv : conf.getAll()) {
            if (kv._1().startsWith("spark.hadoop.")) {
                c.set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return c;
    }

    /**
     * Creates the folder if absent; refuses a file and a non-empty folder that is not ffsweep's.
     * Returns whether it carries the marker already.
     */
    private static boolean checkFolder(FileSystem fs, Path root) throws ResultFolderException {
        FileStatus st;
        try {
            st = fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            try {
                if (!fs.mkdirs(root)) {
                    throw new IOException("mkdirs failed");
                }
            } catch (IOException | RuntimeException ex) {
                throw new ResultFolderException("cannot create the results folder " + ResultLock.display(root) + ": "
                        + ex.getMessage(), ex);
            }
            return false;
        } catch (IOException e) {
            throw new ResultFolderException("cannot read the results folder " + ResultLock.display(root) + ": "
                    + e.getMessage(), e);
        }
        if (!st.isDirectory()) {
            throw new ResultFolderException("the results folder " + ResultLock.display(root) + " is a file, not a"
                    + " folder; give --out a folder (new or empty, or one that holds results of a sweep)");
        }
        String[] names;
        try {
            names = Arrays.stream(fs.listStatus(root)).map(s -> s.getPath().getName()).toArray(String[]::new);
        } catch (IOException e) {
            throw new ResultFolderException("cannot list the results folder " + ResultLock.display(root) + ": "
                    + e.getMessage(), e);
        }
        List<String> entries = Arrays.asList(names);
        if (entries.contains(MARKER)) {
            return true;
        }
        boolean legacy = entries.contains("trials") && LEGACY_ENTRIES.containsAll(entries);
        if (!entries.isEmpty() && !legacy) {
            throw new ResultFolderException("the folder " + ResultLock.display(root) + " is not empty and holds no"
                    + " ffsweep results (no " + MARKER + " file): give --out a new or empty folder, so that nothing in"
                    + " it is overwritten");
        }
        return false;
    }

    /** Releases the lock, if this store holds one. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
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

    /**
     * Status of every trial whose rows are all there and readable. A trial with a result file
     * that is missing, truncated or otherwise not Parquet (its footer cannot be read) is left
     * out, with one note naming the file; a locked store also discards its {@code trials} row,
     * so that it counts as unfinished and runs again.
     */
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
                if (!d.isDirectory() || !name.startsWith(PREFIX) || !fs.exists(status)) {
                    continue;
                }
                String id = name.substring(PREFIX.length());
                TrialStatus s;
                try (var in = fs.open(status)) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    s = ConfigEnum.parse(TrialStatus.class, text);
                } catch (IllegalArgumentException e) {
                    s = null;
                }
                String problem = s == null ? ResultLock.display(status) + " does not hold a trial status" : damage(id);
                if (problem == null) {
                    done.put(id, s);
                } else {
                    notes.accept("ffsweep: " + problem + "; trial " + id + " counts as unfinished"
                            + (lock != null ? ": its rows are discarded and it runs again" : ""));
                    if (lock != null) {
                        delete(d.getPath()); // its trials row first: it marks the trial done
                        discardUnfinished(id);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + trials, e);
        }
        return done;
    }

    /** What is wrong with a finished trial's files ({@code "results file F is unreadable: ..."}), or null. */
    private String damage(String trialId) throws IOException {
        for (String table : TABLES) {
            Path dir = new Path(new Path(root, table), PREFIX + trialId);
            List<Path> files = isDirectory(dir) ? dataFiles(dir) : List.of();
            if (files.isEmpty()) {
                return "results folder " + ResultLock.display(dir) + " is missing or holds no Parquet file";
            }
            for (Path f : files) {
                String why = unreadable(f);
                if (why != null) {
                    return "results file " + ResultLock.display(f) + " is unreadable (" + why + ")";
                }
            }
        }
        return null;
    }

    /**
     * Every data file of the three tables that is not readable Parquet, with why, in path order:
     * {@code sql} refuses to query a folder that has one. Reads each file's footer.
     */
    public Map<String, String> unreadableFiles() {
        Map<String, String> bad = new java.util.TreeMap<>();
        try {
            for (String table : TABLES) {
                Path t = new Path(root, table);
                if (!isDirectory(t)) {
                    continue;
                }
                for (FileStatus d : fs.listStatus(t)) {
                    if (!d.isDirectory() || !d.getPath().getName().startsWith(PREFIX)) {
                        continue;
                    }
                    for (Path f : dataFiles(d.getPath())) {
                        String why = unreadable(f);
                        if (why != null) {
                            bad.put(ResultLock.display(f), why);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return bad;
    }

    /** The trial a results file belongs to ({@code .../trial_id=<id>/part-...}), or null. */
    public static String trialOf(String file) {
        String parent = new Path(file).getParent().getName();
        return parent.startsWith(PREFIX) ? parent.substring(PREFIX.length()) : null;
    }

    /** Files Spark reads as data: everything but names starting with {@code _} or {@code .}. */
    private List<Path> dataFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(dir)) {
            String n = f.getPath().getName();
            if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
                files.add(f.getPath());
            }
        }
        return files;
    }

    /** Why {@code file}'s Parquet footer cannot be read, or null if it can. */
    private String unreadable(Path file) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
            r.getFooter();
            return null;
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return m.isBlank() || m.equals("null") ? e.getClass().getSimpleName() : m;
        }
    }

    /**
     * Writes a trial's rows aside, then makes them visible; replaces an earlier (failed) run's rows.
     * Written by the driver itself (no Spark job).
     */
    public synchronized void write(String sweep, TaskOutcome o) {
        checkLocked("write");
        String id = o.spec().trialId();
        Path tmp = new Path(new Path(root, TMP), id + "-" + UUID.randomUUID());
        try {
            parquet(ResultTables.TRIALS, List.of(ResultRows.trial(sweep, o)), tmp);
            try (OutputStream out = fs.create(new Path(new Path(tmp, "trials"), STATUS_FILE), false)) {
                out.write(o.status().key().getBytes(StandardCharsets.UTF_8));
            }
            parquet(ResultTables.EPOCHS, ResultRows.epochs(o), tmp);
            parquet(ResultTables.EVALUATIONS, ResultRows.evaluations(o), tmp);
            for (ResultTable<?> table : ResultTables.ALL) { // trials last: it marks done
                Path target = new Path(new Path(root, table.name()), PREFIX + id);
                fs.mkdirs(target.getParent());
                fs.delete(target, true);
                if (!fs.rename(new Path(tmp, table.name()), target)) {
                    throw new IOException("rename of " + new Path(tmp, table.name()) + " to " + target + " failed");
                }
            }
            fs.delete(tmp, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of trial " + id + " under " + root, e);
        }
    }

    /**
     * Removes what a crashed run left half-written under {@code _tmp/}: only in a results folder
     * (this store checked it) and only while holding its lock, so no other sweep is writing there.
     */
    public void clearStaleTemp() {
        checkLocked("clear " + TMP);
        delete(new Path(root, TMP));
    }

    /** Whether {@code _tmp/} is absent or empty. */
    public boolean tempIsEmpty() {
        Path tmp = new Path(root, TMP);
        try {
            return !fs.exists(tmp) || fs.listStatus(tmp).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tmp, e);
        }
    }

    /** Whether trial {@code trialId} has a checkpoint under {@code _checkpoints/} (it continues from there). */
    public boolean hasCheckpoint(String trialId) {
        try {
            return fs.exists(new Path(new Path(new Path(root, HadoopCheckpointStore.FOLDER), trialId),
                    org.ffsweep.core.checkpoint.Checkpointing.NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints of " + root, e);
        }
    }

    /** Removes rows of trials that did not finish (a crash between renames) before they run again. */
    public void discardUnfinished(String trialId) {
        checkLocked("discard rows");
        for (String table : List.of("epochs", "evaluations")) {
            delete(new Path(new Path(root, table), PREFIX + trialId));
        }
    }

    private void checkLocked(String what) {
        if (lock == null) {
            throw new IllegalStateException("cannot " + what + " in " + root + ": this view is read-only (not locked)");
        }
    }

    private <T> void parquet(ResultTable<T> table, List<? extends T> rows, Path tmp) throws IOException {
        ParquetTable.write(new Path(new Path(tmp, table.name()), "part-00000.snappy.parquet"), table, rows,
                fs.getConf());
    }

    private boolean isDirectory(Path p) {
        try {
            return fs.getFileStatus(p).isDirectory();
        } catch (FileNotFoundException e) {
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
