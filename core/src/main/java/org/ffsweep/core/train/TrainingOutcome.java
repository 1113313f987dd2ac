package org.ffsweep.core.train;

import java.util.List;

/**
 * What a training run produced.
 *
 * @param steps per-layer statistics as recorded
 * @param evals accuracies as measured
 * @param stepsRun training steps run
 * @param trainSeconds wall time spent training (evaluations excluded)
 * @param evalSeconds wall time spent evaluating
 * @param ending how it ended: {@link Decision#CONTINUE} when the schedule ran to its end, else the
 *     listener's decision that ended it
 */
public record TrainingOutcome(List<StepMetrics> steps, List<EvalMetrics> evals, long stepsRun, double trainSeconds,
        double evalSeconds, Decision ending) {

    public TrainingOutcome {
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
    }
}
