package org.ffsweep.sweep.output;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ShutdownHookManager;

/**
 * The one-writer lock of a results folder: a file {@code _LOCK} holding the holder's pid, host,
 * process start time, when it took the lock, the command, and a random token. Created
 * exclusively (on a local file system with {@code O_EXCL}; elsewhere with the Hadoop file system's
 * {@code create(overwrite = false)}, which is atomic on HDFS), held for the life of the sweep, and
 * released by {@link #close()} and by a shutdown hook (a JVM that exits on a signal). A lock whose
 * holder is dead (same host, and no process with that pid and start time) is taken over; a lock
 * held on another host is never taken over, since ffsweep cannot see whether that process lives.
 * Driver only.
 */
final class ResultLock implements AutoCloseable {
    static final String FILE = "_LOCK";
    /** After Spark's own shutdown hook (which stops the session), before Hadoop closes its file systems. */
    private static final int HOOK_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 20;

    private final FileSystem fs;
    private final Path file;
    private final String token;
    private final Runnable hook;
    private boolean released;

    private ResultLock(FileSystem fs, Path file, String token) {
        this.fs = fs;
        this.file = file;
        this.token = token;
        this.hook = this::release;
        ShutdownHookManager.get().addShutdownHook(hook, HOOK_PRIORITY);
    }

    /**
     * Takes the lock of the folder {@code root}, or throws a {@link ResultFolderException} that
     * names the holder.
     *
     * @param notes receives one line when a dead holder's lock is taken over
     */
    static ResultLock acquire(FileSystem fs, Path root, String command, Consumer<String> notes)
            throws ResultFolderException {
        Path file = new Path(root, FILE);
        String token = UUID.randomUUID().toString();
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put("pid", Long.toString(ProcessHandle.current().pid()));
        mine.put("host", thisHost());
        mine.put("process_start", ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(""));
        mine.put("since", Instant.now().toString());
        mine.put("command", command.replaceAll("\\s+", " "));
        mine.put("token", token);
        StringBuilder text = new StringBuilder();
        mine.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (createExclusive(fs, file, content)) {
                    return new ResultLock(fs, file, token);
                }
            } catch (IOException e) {
                throw new ResultFolderException("cannot write to the results folder " + root + ": " + e, e);
            }
            Map<String, String> holder = read(fs, file);
            if (holder == null) {
                continue; // released meanwhile: try again
            }
            String who = describe(holder);
            String folder = display(root);
            if (!holder.getOrDefault("host", "").equals(thisHost())) {
                throw new ResultFolderException("results folder " + folder + " is locked by another sweep, " + who
                        + "; if that sweep no longer runs, delete " + display(file) + " and run again");
            }
            if (alive(holder)) {
                throw new ResultFolderException("results folder " + folder + " is in use by another sweep, " + who
                        + "; one sweep at a time writes a results folder");
            }
            if (takeOver(fs, file, holder.get("token"))) {
                notes.accept("ffsweep: taking over the lock of " + folder + " from a sweep that is no longer running ("
                        + who + ")");
            }
        }
        throw new ResultFolderException("cannot take the lock " + file + ": other processes keep changing it");
    }

    /** Whether {@code file} holds a lock with this token (a lock taken over is no longer ours). */
    boolean held() {
        Map<String, String> now = read(fs, file);
        return !released && now != null && token.equals(now.get("token"));
    }

    /** Releases the lock if this process still holds it. */
    @Override
    public synchronized void close() {
        release();
        try {
            ShutdownHookManager.get().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (and finds the lock released)
        }
    }

    private synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        Map<String, String> now = read(fs, file);
        if (now != null && token.equals(now.get("token"))) {
            try {
                fs.delete(file, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lock " + file, e);
            }
        }
    }

    /** {@code pid 123@host since 2025-01-01T00:00:00Z (sweep conf/x.conf)}. */
    static String describe(Map<String, String> holder) {
        String command = holder.getOrDefault("command", "");
        return "pid " + holder.getOrDefault("pid", "?") + "@" + holder.getOrDefault("host", "?") + " since "
                + holder.getOrDefault("since", "?") + (command.isEmpty() ? "" : " (" + command + ")");
    }

    /** The lock's fields, or null if there is no lock file. An unreadable lock has no fields. */
    static Map<String, String> read(FileSystem fs, Path file) {
        byte[] bytes;
        try (var in = fs.open(file)) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock " + file, e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }

    /**
     * Whether the holder (on this host) still runs: a process with its pid exists and, where
     * both are known, started when the holder did (a pid reused by another process is no holder).
     * A lock without a pid (being written, or damaged) counts as alive.
     */
    static boolean alive(Map<String, String> holder) {
        long pid;
        try {
            pid = Long.parseLong(holder.getOrDefault("pid", ""));
        } catch (NumberFormatException e) {
            return true;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        String recorded = holder.getOrDefault("process_start", "");
        Optional<Instant> started = p.get().info().startInstant();
        if (recorded.isEmpty() || started.isEmpty()) {
            return true;
        }
        try {
            return Duration.between(Instant.parse(recorded), started.get()).abs().toMillis() < 1000;
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    /** Creates {@code file} with {@code content} unless it exists; false if it exists. */
    private static boolean createExclusive(FileSystem fs, Path file, byte[] content) throws IOException {
        File local = localFile(fs, file);
        if (local != null) {
            try {
                // O_CREAT | O_EXCL: Hadoop's local create(overwrite = false) checks, then creates
                Files.write(local.toPath(), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (AccessDeniedException e) {
                throw new IOException("permission denied", e);
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Moves a dead holder's lock aside (atomically, so one of several contenders wins) and deletes
     * it. If what was moved is not that lock (another contender took over first and locked anew),
     * it goes back.
     */
    private static boolean takeOver(FileSystem fs, Path file, String staleToken) throws ResultFolderException {
        Path aside = new Path(file.getParent(), FILE + ".stale-" + UUID.randomUUID());
        try {
            File local = localFile(fs, file);
            boolean moved;
            if (local != null) {
                try {
                    Files.move(local.toPath(), localFile(fs, aside).toPath(), StandardCopyOption.ATOMIC_MOVE);
                    moved = true;
                } catch (NoSuchFileException e) {
                    moved = false;
                }
            } else {
                moved = fs.rename(file, aside);
            }
            if (!moved) {
                return false;
            }
            Map<String, String> what = read(fs, aside);
            if (what != null && !java.util.Objects.equals(what.get("token"), staleToken)) {
                fs.rename(aside, file); // a live lock: put it back
                return false;
            }
            fs.delete(aside, false);
            return true;
        } catch (IOException e) {
            throw new ResultFolderException("cannot take over the stale lock " + file + ": " + e, e);
        }
    }

    /** A path as the user would type it: without {@code file:} on the local file system. */
    static String display(Path p) {
        return "file".equals(p.toUri().getScheme()) ? p.toUri().getPath() : p.toString();
    }

    private static File localFile(FileSystem fs, Path p) {
        return "file".equals(fs.getScheme()) ? new File(p.toUri().getPath()) : null;
    }
}
