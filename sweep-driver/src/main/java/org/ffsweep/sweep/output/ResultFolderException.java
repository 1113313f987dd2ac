package org.ffsweep.sweep.output;

import java.io.IOException;

/**
 * A results folder cannot be used as asked: {@code --out} is a file, not writable, not a results
 * folder, locked by another sweep, or holds a file that cannot be read. The message is one line
 * for the user, naming the folder or file. Bad input: the command line exits with code 2.
 */
public final class ResultFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    public ResultFolderException(String message) {
        super(message);
    }

    public ResultFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
