package org.ffsweep.core.nn;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.ffsweep.core.config.TrainingConfig;

/** DJL's Adam with a trial's learning rate, betas and epsilon (every trainer of a trial uses it). */
public final class Adam {
    private Adam() {}

    /** A new optimizer (its state is per optimizer: one per layer or per network). */
    public static Optimizer of(TrainingConfig training) {
        return Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed((float) training.learningRate()))
                .optBeta1((float) training.beta1())
                .optBeta2((float) training.beta2())
                .optEpsilon((float) training.epsilon())
                .build();
    }
}
