package org.ffsweep.sweep.output;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.ffsweep.core.checkpoint.CheckpointStore;

/**
 * A {@link CheckpointStore} on the Hadoop FileSystem, for sweeps: a trial's checkpoint lives in
 * {@code <results folder>/_checkpoints/<trial_id>/} on whatever file system the results are on
 * (local, HDFS, ...), so that an executor that picks the trial up again finds it. A file is
 * written under a unique temporary name ({@code .name.<uuid>.tmp}), synced, and renamed over its
 * name with {@link FileContext#rename} and {@code OVERWRITE} (atomic on HDFS and local disks; on
 * object stores a rename is a copy, and only the write-then-rename order is kept). Built on the
 * executor from the folder's URI; not serializable.
 */
public final class HadoopCheckpointStore implements CheckpointStore {
    /** The folder under a results folder that holds every trial's checkpoints. */
    public static final String FOLDER = "_checkpoints";

    private final FileSystem fs;
    private final FileContext fc;
    private final Path dir;

    /** The store of {@code dir}, on its file system. */
    public HadoopCheckpointStore(Path dir, Configuration conf) throws IOException {
        this.fs = dir.getFileSystem(conf);
        this.dir = fs.makeQualified(dir);
        FileContext context;
        try {
            context = FileContext.getFileContext(this.dir.toUri(), conf);
        } catch (UnsupportedFileSystemException e) {
            context = null; // no AbstractFileSystem for the scheme: delete, then rename
        }
        this.fc = context;
    }

    /** The store of trial {@code trialId} of the results folder {@code resultsDir}. */
    public static HadoopCheckpointStore forTrial(String resultsDir, String trialId, Configuration conf)
            throws IOException {
        if (trialId == null || !trialId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("trial id \"" + trialId + "\" (expected letters, digits, '_', '-')");
        }
        return new HadoopCheckpointStore(new Path(new Path(resultsDir, FOLDER), trialId), conf);
    }

    @Override
    public void write(String name, Writer writer) throws IOException {
        Path target = new Path(dir, checkName(name));
        Path tmp = new Path(dir, "." + name + "." + UUID.randomUUID() + ".tmp");
        fs.mkdirs(dir);
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                writer.write(new NonClosing(out));
                out.hsync();
            }
            if (fc != null) {
                fc.rename(tmp, target, Options.Rename.OVERWRITE);
            } else {
                fs.delete(target, false);
                if (!fs.rename(tmp, target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            }
        } finally {
            if (fs.exists(tmp)) {
                fs.delete(tmp, false);
            }
        }
    }

    @Override
    public Optional<InputStream> read(String name) throws IOException {
        try {
            return Optional.of(fs.open(new Path(dir, checkName(name))));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        fs.delete(new Path(dir, checkName(name)), false);
        try {
            // what is left may be a write cut short by a kill (.name.uuid.tmp) and checksum files,
            // which a local file system does not list: the folder goes when nothing else is in it
            if (java.util.Arrays.stream(fs.listStatus(dir)).allMatch(f -> f.getPath().getName().startsWith("."))) {
                fs.delete(dir, true);
            }
        } catch (FileNotFoundException e) {
            // already gone
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("checkpoint name \"" + name
                    + "\" (expected letters, digits, '.', '_' or '-', not starting with '.')");
        }
        return name;
    }

    /** Lets a writer close its stream without closing the file before it is synced. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
