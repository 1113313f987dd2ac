package org.ffsweep.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where one trial's checkpoints live: named byte streams, written atomically. A file being
 * written has a temporary name and gets its own name only once it is complete (a rename), so a
 * process killed while writing leaves the previous checkpoint readable and never a half-written
 * one under the real name. Core knows this interface and {@link LocalCheckpointStore}; the sweep
 * driver adds one over the Hadoop FileSystem. Implementations need not be thread-safe.
 */
public interface CheckpointStore {

    /** Writes an object's bytes to a stream (which the store closes). */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code name} atomically: {@code writer} writes to a temporary name, which then replaces
     * {@code name}. If writing fails, {@code name} keeps its previous content.
     */
    void write(String name, Writer writer) throws IOException;

    /** The content of {@code name}, or empty when there is none (the caller closes the stream). */
    Optional<InputStream> read(String name) throws IOException;

    /** Deletes {@code name} if it exists (and the store's folder once it is empty). */
    void delete(String name) throws IOException;

    /** Where the store lives, for messages. */
    String location();
}
