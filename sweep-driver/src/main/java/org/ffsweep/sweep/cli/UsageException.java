package org.ffsweep.sweep.cli;

/** The command line itself is wrong. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
