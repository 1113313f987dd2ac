package org.ffsweep.core.train;

/**
 * Hears about training as it happens and may end it between steps: progress lines, the
 * divergence check, pruning. The {@link TrainingLoop} tells every listener of a list about every
 * step and every evaluation, in list order; the first decision that ends the trial wins, and the
 * trial ends before the next step.
 */
public interface TrainingListener {
    /** Called after every training step. */
    default Decision onStep(StepEvent step) {
        return Decision.CONTINUE;
    }

    /** Called after each evaluation. */
    default Decision onEval(EvalMetrics eval, double elapsedSeconds) {
        return Decision.CONTINUE;
    }

    /**
     * Called once when a trial continues from a checkpoint made after {@code step} (with no
     * evaluation pending there), before its next step: a listener that stops it here ends it at
     * that step, its checkpoint kept (a scheduler whose rung the checkpoint already reached).
     */
    default Decision onResume(long step) {
        return Decision.CONTINUE;
    }
}
