package org.ffsweep.core.data;

import java.io.IOException;
import java.util.function.Consumer;

/** One place that can supply the four files of a data set into a {@link DataCache}. */
interface FileSource {

    /** Returns a short description for progress and error messages, such as {@code local (/d)}. */
    String describe();

    /**
     * Stores all four files of the data set in the cache, each verified.
     *
     * @throws SkippedSourceException if the source does not apply or is unavailable
     * @throws IOException if a file is missing, unreadable or fails verification
     */
    void fetchInto(Dataset dataset, DataCache cache, Consumer<String> progress) throws IOException;
}
