package org.ffsweep.sweep.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ffsweep.sweep.spark.TaskOutcome;

/**
 * The output folder: {@code trials/}, {@code epochs/} and {@code evaluations/}, each with one
 * {@code trial_id=<id>} folder per finished trial. A trial is written aside (under {@code _tmp/},
 * which readers ignore) and renamed into place, {@code trials} last: a trial either has all its
 * rows or none, and a crash never leaves partial rows. Driver only; local file systems.
 */
public final class ResultStore {
    public static final List<String> TABLES = List.of("trials", "epochs", "evaluations");
    private static final String STATUS_FILE = "_STATUS";

    private final Path root;

    public ResultStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Status ({@code completed}, {@code diverged}, {@code failed}) of every trial with rows. */
    public Map<String, String> finished() {
        Map<String, String> done = new HashMap<>();
        Path trials = root.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return done;
        }
        try (Stream<Path> dirs = Files.list(trials)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (name.startsWith("trial_id=") && Files.isRegularFile(d.resolve(STATUS_FILE))) {
                    done.put(name.substring("trial_id=".length()), Files.readString(d.resolve(STATUS_FILE)).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done;
    }

    /** Writes a trial's rows aside, then makes them visible; replaces an earlier (failed) run's rows. */
    public synchronized void write(SparkSession spark, String sweep, TaskOutcome o) {
        String id = o.spec().trialId();
        Path tmp = root.resolve("_tmp").resolve(id + "-" + UUID.randomUUID());
        try {
            parquet(spark, List.of(ResultRows.trial(sweep, o)), ResultSchema.TRIALS, tmp.resolve("trials"));
            Files.writeString(tmp.resolve("trials").resolve(STATUS_FILE), o.status());
            parquet(spark, ResultRows.epochs(o), ResultSchema.EPOCHS, tmp.resolve("epochs"));
            parquet(spark, ResultRows.evaluations(o), ResultSchema.EVALUATIONS, tmp.resolve("evaluations"));
            for (String table : List.of("epochs", "evaluations", "trials")) { // trials last: it marks done
                Path target = root.resolve(table).resolve("trial_id=" + id);
                Files.createDirectories(target.getParent());
                deleteTree(target);
                Files.move(tmp.resolve(table), target, StandardCopyOption.ATOMIC_MOVE);
            }
            deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of trial " + id + " under " + root, e);
        }
    }

    /** Removes what a crashed run left half-written under {@code _tmp/} (one driver per folder). */
    public void clearStaleTemp() {
        deleteTree(root.resolve("_tmp"));
    }

    /** Removes rows of trials that did not finish (a crash between renames) before they run again. */
    public void discardUnfinished(String trialId) {
        for (String table : List.of("epochs", "evaluations")) {
            deleteTree(root.resolve(table).resolve("trial_id=" + trialId));
        }
    }

    private static void parquet(SparkSession spark, List<Row> rows, StructType schema, Path dir) {
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
