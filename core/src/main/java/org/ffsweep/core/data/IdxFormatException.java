package org.ffsweep.core.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a well-formed IDX file of the expected shape. It carries the file and the byte
 * offset of the problem; offsets count bytes of the uncompressed IDX content.
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * Creates the exception.
     *
     * @param file the file that failed
     * @param offset the byte offset of the problem in the uncompressed content
     * @param detail what was found and what was expected, including the offset (the file name is
     *     prepended)
     */
    public IdxFormatException(Path file, long offset, String detail) {
        super(file.getFileName() + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    /** Returns the file that failed. */
    public Path file() {
        return file;
    }

    /** Returns the byte offset of the problem in the uncompressed content. */
    public long offset() {
        return offset;
    }
}
