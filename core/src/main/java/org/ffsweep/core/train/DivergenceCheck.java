package org.ffsweep.core.train;

/**
 * Ends a trial as diverged at the first step where a layer's loss is NaN or infinite (the
 * study's overflowing softplus, a learning rate too large). Every trial runs with it.
 */
public final class DivergenceCheck implements TrainingListener {

    @Override
    public Decision onStep(StepEvent step) {
        for (int layer = 1; layer <= step.layers(); layer++) {
            float loss = step.loss(layer);
            if (!Float.isFinite(loss)) {
                return Decision.diverge("layer " + layer + " loss is " + loss + " at step " + step.step()
                        + " (epoch " + step.epoch() + ")");
            }
        }
        return Decision.CONTINUE;
    }
}
