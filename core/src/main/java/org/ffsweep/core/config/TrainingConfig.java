package org.ffsweep.core.config;

import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.util.Checks;

/** Optimisation and schedule: {@code ffsweep.trial.training}. */
public record TrainingConfig(
        Schedule schedule,
        int batchSize,
        int epochs,
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        int trainLimit,
        int maxChunks) implements java.io.Serializable {

    public TrainingConfig {
        Checks.notNull("training.schedule", schedule);
        Checks.positive("training.batch-size", batchSize);
        Checks.positive("training.epochs", epochs);
        Checks.positive("training.learning-rate", learningRate);
        Checks.inHalfOpen("training.adam.beta1", beta1, 0.0, 1.0);
        Checks.inHalfOpen("training.adam.beta2", beta2, 0.0, 1.0);
        Checks.positive("training.adam.epsilon", epsilon);
        Checks.nonNegative("training.train-limit", trainLimit);
        Checks.nonNegative("training.max-chunks", maxChunks);
    }

    static TrainingConfig read(ConfigReader r) {
        ConfigReader adam = r.sub("adam");
        return new TrainingConfig(
                r.enumValue("schedule", Schedule.class),
                r.positiveInt("batch-size"),
                r.positiveInt("epochs"),
                r.positiveDouble("learning-rate"),
                adam.doubleIn("beta1", 0.0, 1.0),
                adam.doubleIn("beta2", 0.0, 1.0),
                adam.positiveDouble("epsilon"),
                r.nonNegativeInt("train-limit"),
                r.nonNegativeInt("max-chunks"));
    }
}
