package org.ffsweep.core.train;

/**
 * A test listener that stops its trial at {@code step}: when the step is told ({@code atEval}
 * false), or right after the evaluation at that step ({@code atEval} true).
 */
public record StopAt(long step, boolean atEval) implements TrainingListener {
    @Override
    public Decision onStep(StepEvent e) {
        return !atEval && e.step() == step ? Decision.stop("test stop at step " + step) : Decision.CONTINUE;
    }

    @Override
    public Decision onEval(EvalMetrics e, double elapsed) {
        return atEval && e.step() == step ? Decision.stop("test stop after the evaluation at " + step)
                : Decision.CONTINUE;
    }
}
