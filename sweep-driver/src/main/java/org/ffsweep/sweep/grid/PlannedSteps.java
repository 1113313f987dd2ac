package org.ffsweep.sweep.grid;

import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrialConfig;

/**
 * The steps a trial's schedule runs if nothing stops it, as the training loop counts them, for
 * a training set of {@link #TRAIN_IMAGES} images (MNIST's and its look-alikes'; a smaller set,
 * such as the test fixture, runs fewer steps unless {@code training.train-limit} is below it).
 * For planning and the dry run only: the trial itself counts on its real data.
 */
public final class PlannedSteps {
    /** The training images of the datasets ffsweep reads (60,000). */
    public static final int TRAIN_IMAGES = 60_000;

    private PlannedSteps() {}

    /** The planned steps of {@code c}. */
    public static long of(TrialConfig c) {
        int images = Math.max(0, TRAIN_IMAGES - c.data().validationSize());
        if (c.training().trainLimit() > 0) {
            images = Math.min(images, c.training().trainLimit());
        }
        int batch = Math.min(c.training().batchSize(), Math.max(1, images));
        long rounds = (images + batch - 1) / batch;
        if (c.training().schedule() == Schedule.CHUNKED && c.training().maxChunks() > 0) {
            rounds = Math.min(rounds, c.training().maxChunks());
        }
        return rounds * c.training().epochs();
    }
}
