package org.ffsweep.core.data;

import java.io.IOException;

/**
 * A data file whose SHA-256 (of its uncompressed content) differs from the published one: it is
 * corrupt, truncated, or a different file.
 */
public class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param what the file (a path or URL)
     * @param expected the expected SHA-256, lower-case hex
     * @param actual the SHA-256 found, lower-case hex
     * @param hint what to do about it (appended to the message), or an empty string
     */
    public ChecksumMismatchException(String what, String expected, String actual, String hint) {
        super(
                what
                        + ": SHA-256 of the uncompressed content is "
                        + actual
                        + " (expected "
                        + expected
                        + ")"
                        + (hint.isEmpty() ? "" : "; " + hint));
        this.expected = expected;
        this.actual = actual;
    }

    /** Returns the expected SHA-256, lower-case hex. */
    public String expected() {
        return expected;
    }

    /** Returns the SHA-256 found, lower-case hex. */
    public String actual() {
        return actual;
    }
}
