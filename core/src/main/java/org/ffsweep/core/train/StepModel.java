package org.ffsweep.core.train;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.util.SavableRandom;

/**
 * One model kind as the {@link TrainingLoop} drives it: it makes its batches, takes one training
 * step and scores itself; the loop owns the schedule, recording, evaluation times, timing and
 * listeners. Each kind draws its own randomness (negatives, hybrids, dropout) from streams split
 * from the trial's seed in a fixed order, so its numbers do not depend on the loop.
 *
 * @param <B> the kind's batch: what {@link #batch} puts on the device for one round's rows
 */
public interface StepModel<B> extends AutoCloseable {

    /** How the loop runs this kind (schedule, recording and evaluation times). */
    LoopSettings settings();

    /** The number of training images. */
    int trainingImages();

    /** The stream the loop shuffles the training images with. */
    SavableRandom orderRandom();

    /**
     * Called once before anything else with the training rows in their initial order
     * ({@code train-limit} applied); per-trial arrays go in {@code data}, which lives until training ends.
     */
    void begin(int[] order, NDManager data);

    /**
     * The batch for {@code rows}: a whole chunk (trained for all its epochs) or one mini-batch;
     * arrays in {@code scope}, which lives while the loop trains on it.
     */
    B batch(int[] rows, NDManager scope);

    /**
     * One training step on {@code batch}.
     *
     * @return each layer's statistics (the backprop baseline: one, loss only), in {@code scope}
     */
    List<FFLayer.StepStats> step(B batch, NDManager scope);

    /** Scores the model; {@code current} is the batch being trained on, or null before training. */
    ModelScore evaluate(B current);

    /**
     * The parts a checkpoint saves: parameters, optimizers and random streams, the same lists
     * (same order, same shapes) for every model built from the same trial configuration.
     *
     * @throws UnsupportedOperationException when this kind, so configured, cannot be resumed exactly
     */
    default ModelParts parts() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be checkpointed");
    }

    /** Frees the model's parameters. */
    @Override
    void close();
}
