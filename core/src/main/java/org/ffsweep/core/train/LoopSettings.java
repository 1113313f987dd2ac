package org.ffsweep.core.train;

import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.util.Checks;

/**
 * How the {@link TrainingLoop} walks the training images, and when it records and evaluates. A
 * <em>round</em> is one chunk's epochs ({@code chunked}) or one epoch's batches ({@code epochs}).
 *
 * @param schedule {@code chunked}: all epochs on one batch, then the next; {@code epochs}: each
 *     epoch visits every batch, reshuffled
 * @param batchSize images per batch (at most all of them)
 * @param epochs epochs per chunk, or over the data set
 * @param trainLimit train on the first this many images of the initial order; 0 = all
 * @param maxChunks stop the chunked schedule after this many chunks; 0 = all
 * @param everySteps record every this many steps (and the steps {@code recordFirstStep} and
 *     {@code recordRoundEnds} name; the last step is always recorded)
 * @param evalEverySteps evaluate every this many steps; 0 = at the end of every round (the last
 *     step is always evaluated)
 * @param recordFirstStep record step 1
 * @param recordRoundEnds record the last step of every round
 * @param initialOrder how the training images are ordered before the schedule starts
 * @param evalBeforeTraining evaluate once before the first step (step 0)
 */
public record LoopSettings(Schedule schedule, int batchSize, int epochs, int trainLimit, int maxChunks, int everySteps,
        int evalEverySteps, boolean recordFirstStep, boolean recordRoundEnds, InitialOrder initialOrder,
        boolean evalBeforeTraining) {

    /** The order of the training images before the schedule begins. */
    public enum InitialOrder {
        /** Shuffled (then cut to {@code train-limit}): the FF kinds. */
        SHUFFLED,
        /** As stored, unless {@code train-limit} cuts it, then shuffled first: the backprop baseline. */
        STORED_UNLESS_LIMITED
    }

    public LoopSettings {
        Checks.notNull("schedule", schedule);
        Checks.notNull("initialOrder", initialOrder);
        Checks.positive("batchSize", batchSize);
        Checks.positive("epochs", epochs);
        Checks.nonNegative("trainLimit", trainLimit);
        Checks.nonNegative("maxChunks", maxChunks);
        Checks.positive("everySteps", everySteps);
        Checks.nonNegative("evalEverySteps", evalEverySteps);
    }

    /**
     * The FF kinds' settings: the configured schedule; steps recorded at step 1, every
     * {@code metrics.every-steps} and at the end; evaluations every {@code metrics.eval-every-steps}.
     */
    public static LoopSettings of(TrainingConfig training, MetricsConfig metrics, boolean evalBeforeTraining) {
        return new LoopSettings(training.schedule(), training.batchSize(), training.epochs(), training.trainLimit(),
                training.maxChunks(), metrics.everySteps(), metrics.evalEverySteps(), true, false,
                InitialOrder.SHUFFLED, evalBeforeTraining);
    }
}
