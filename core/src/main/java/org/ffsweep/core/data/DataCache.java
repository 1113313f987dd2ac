package org.ffsweep.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.ZipException;

/**
 * The on-disk cache of verified data set files: {@code root/<data set>/<file name>}, stored
 * uncompressed. A file appears under its final name only after its SHA-256 has been checked: it is
 * written to a temporary file in the same folder, verified, forced to disk, then renamed
 * atomically.
 */
final class DataCache {

    private static final Logger LOG = LoggerFactory.getLogger(DataCache.class);

    private final Path root;

    DataCache(Path root) {
        this.root = root;
    }

    /** Returns the folder of one data set. */
    Path folder(Dataset dataset) {
        return root.resolve(dataset.configName());
    }

    /** Returns the cache root. */
    Path root() {
        return root;
    }

    /** Returns whether all four files of the data set are present (not whether they verify). */
    boolean isComplete(Dataset dataset) {
        Path dir = folder(dataset);
        for (DataFile f : DataFile.values()) {
            if (!f.isPresentIn(dir)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores one file: streams {@code content} (raw or gzip-compressed, detected by its magic
     * bytes) into a temporary file, checks the SHA-256 of the uncompressed bytes, and renames it to
     * its final name. Closes {@code content}.
     *
     * @param origin where the content comes from (a path or URL), named in errors
     * @return the final path
     * @throws ChecksumMismatchException if the content is not the published file; nothing is left
     *     behind
     */
    Path store(Dataset dataset, DataFile file, InputStream content, String origin)
            throws IOException {
        Path dir = Files.createDirectories(folder(dataset));
        Path target = dir.resolve(file.fileName());
        Path tmp = Files.createTempFile(dir, "." + file.fileName() + ".", ".part");
        try {
            MessageDigest md = Sha256.digest();
            long n;
            try (InputStream in = IdxReader.uncompressed(content);
                    FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(Channels.newOutputStream(ch), md)) {
                n = in.transferTo(out);
                out.flush();
                ch.force(true);
            } catch (ZipException e) {
                throw new IOException(origin + ": corrupt gzip data: " + e.getMessage(), e);
            }
            String actual = Sha256.hex(md);
            String expected = dataset.sha256(file);
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(
                        origin, expected, actual, "not the published " + dataset + " file");
            }
            readableByAll(tmp); // temp files start owner-only; a shared cache must be readable
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.debug("stored {} ({} bytes, SHA-256 verified) from {}", target, n, origin);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }
}
