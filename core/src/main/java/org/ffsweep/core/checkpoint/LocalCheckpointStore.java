package org.ffsweep.core.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A {@link CheckpointStore} in a local folder (created when first written): {@code name} is
 * written as {@code .name.tmp}, forced to disk and renamed over {@code name} atomically.
 */
public final class LocalCheckpointStore implements CheckpointStore {
    private final Path dir;

    public LocalCheckpointStore(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("checkpoint folder: null");
        }
        this.dir = dir;
    }

    @Override
    public void write(String name, Writer writer) throws IOException {
        Path target = dir.resolve(checkName(name));
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + name + ".tmp");
        try {
            try (var channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel),
                            1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + tmp + " atomically to " + target, e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public Optional<InputStream> read(String name) throws IOException {
        try {
            return Optional.of(Files.newInputStream(dir.resolve(checkName(name))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(checkName(name)));
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // other files live there: keep the folder
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("checkpoint name \"" + name
                    + "\" (expected letters, digits, '.', '_' or '-', not starting with '.')");
        }
        return name;
    }
}
