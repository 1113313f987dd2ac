package org.ffsweep.sweep.cli;

/** Input the user can fix (a bad option value, an empty sweep): one line on stderr, exit code 2. */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
