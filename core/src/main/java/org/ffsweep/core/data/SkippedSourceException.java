package org.ffsweep.core.data;

import java.io.IOException;

/** A source that does not apply or is not available here; the next source is tried. */
final class SkippedSourceException extends IOException {

    private static final long serialVersionUID = 1L;

    SkippedSourceException(String reason) {
        super(reason);
    }
}
