package org.ffsweep.core.train;

import java.util.List;

/**
 * One training step, as {@link TrainingListener}s hear it.
 *
 * @param step global step, 1-based
 * @param totalSteps steps the schedule will run if nothing stops it
 * @param epoch epoch (see {@link StepMetrics})
 * @param chunk chunk (see {@link StepMetrics})
 * @param losses each layer's loss at this step (one value for the backprop baseline)
 * @param recorded the per-layer rows this step adds to the result by the recording schedule
 *     ({@code metrics.every-steps}); empty for the steps in between
 * @param elapsedSeconds wall time since training began
 */
public record StepEvent(long step, long totalSteps, int epoch, int chunk, float[] losses, List<StepMetrics> recorded,
        double elapsedSeconds) {

    public StepEvent {
        losses = losses.clone();
        recorded = List.copyOf(recorded);
    }

    @Override
    public float[] losses() {
        return losses.clone();
    }

    /** The loss of layer {@code layer} (1-based). */
    public float loss(int layer) {
        return losses[layer - 1];
    }

    /** How many layers report a loss. */
    public int layers() {
        return losses.length;
    }
}
