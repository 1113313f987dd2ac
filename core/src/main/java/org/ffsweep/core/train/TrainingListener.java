package org.ffsweep.core.train;

import java.util.List;

/** Hears about training as it happens (progress lines, early stopping in the future). */
public interface TrainingListener {
    /** Called when the per-layer statistics of a step were recorded. */
    default void onStep(List<StepMetrics> layers, long totalSteps, double elapsedSeconds) {}

    /** Called after each evaluation. */
    default void onEval(EvalMetrics eval, double elapsedSeconds) {}

    TrainingListener NONE = new TrainingListener() {};
}
