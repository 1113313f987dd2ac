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
}
