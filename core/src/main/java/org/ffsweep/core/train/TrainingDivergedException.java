package org.ffsweep.core.train;

/** A layer's loss became NaN or infinite: the trial ends with status {@code diverged}. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
