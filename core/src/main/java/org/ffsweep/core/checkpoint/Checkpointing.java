package org.ffsweep.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * When a trial saves its whole state, and where; loads, saves and deletes it there
 * ({@link org.ffsweep.core.train.TrainingLoop} calls it).
 * A checkpoint is written after a step (and the evaluation due at it) when the step is one of
 * {@code atSteps} (rung boundaries), a multiple of {@code everySteps}, or when {@code every} has
 * passed since the trial started or last saved; and whenever a listener stops the trial
 * ({@code stopped}: a pruned or paused trial can be continued). A trial whose store holds a
 * checkpoint continues from it. When the schedule ends (or the trial diverges) the checkpoint is
 * deleted unless {@code keep}.
 *
 * @param store where the trial's checkpoint lives (one store per trial), or null for none
 * @param trialId the trial's id; a checkpoint of another trial is refused
 * @param atSteps steps after which to save, ascending (e.g. rungs); may be empty
 * @param everySteps save after every multiple of this step; 0 = not by step count
 * @param every save when this much wall time has passed since the last save; null or zero = not by time
 * @param keep keep the checkpoint of a trial that ran to its end
 */
public record Checkpointing(CheckpointStore store, String trialId, long[] atSteps, long everySteps, Duration every,
        boolean keep) {
    /** The name of the checkpoint in its trial's store. */
    public static final String NAME = "trial.ckpt";

    public Checkpointing {
        atSteps = atSteps == null ? new long[0] : atSteps.clone();
        for (int i = 0; i < atSteps.length; i++) {
            if (atSteps[i] <= 0 || i > 0 && atSteps[i] <= atSteps[i - 1]) {
                throw new IllegalArgumentException("checkpoint steps " + Arrays.toString(atSteps)
                        + " (expected positive steps in ascending order)");
            }
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint every-steps: " + everySteps + " (expected 0 or more)");
        }
        if (every != null && every.isNegative()) {
            throw new IllegalArgumentException("checkpoint interval: " + every + " (expected 0 or more)");
        }
        if (store != null && (trialId == null || trialId.isBlank())) {
            throw new IllegalArgumentException("a checkpointed trial needs its id");
        }
    }

    /** No checkpoints: the trial starts from scratch and saves nothing. */
    public static Checkpointing off() {
        return new Checkpointing(null, null, null, 0, null, false);
    }

    /** Checkpoints in {@code store} every {@code every} (and when stopped), deleted at the end unless {@code keep}. */
    public static Checkpointing every(CheckpointStore store, String trialId, Duration every, boolean keep) {
        return new Checkpointing(store, trialId, null, 0, every, keep);
    }

    /** The same with saves after each of {@code steps} too (rung boundaries). */
    public Checkpointing withSteps(long... steps) {
        return new Checkpointing(store, trialId, steps, everySteps, every, keep);
    }

    /** The same with a save after every multiple of {@code n} steps. */
    public Checkpointing withEverySteps(long n) {
        return new Checkpointing(store, trialId, atSteps, n, every, keep);
    }

    /** The same, keeping (or not) the checkpoint of a finished trial. */
    public Checkpointing keeping(boolean keepFinished) {
        return new Checkpointing(store, trialId, atSteps, everySteps, every, keepFinished);
    }

    @Override
    public long[] atSteps() {
        return atSteps.clone();
    }

    /**
     * The trial's checkpoint, if its store holds one.
     *
     * @throws UncheckedIOException when it cannot be read or is no checkpoint of this format
     * @throws IllegalStateException when it is another trial's
     */
    public Optional<TrialCheckpoint> load() {
        String where = store.location() + "/" + NAME;
        try {
            Optional<InputStream> in = store.read(NAME);
            if (in.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream s = in.get()) {
                TrialCheckpoint cp = TrialCheckpoint.readFrom(s, where);
                if (!cp.trialId().equals(trialId)) {
                    throw new IllegalStateException(where + " is a checkpoint of trial " + cp.trialId()
                            + ", not of trial " + trialId);
                }
                return Optional.of(cp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + where + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code cp} over the trial's checkpoint, atomically. */
    public void save(TrialCheckpoint cp) {
        try {
            store.write(NAME, cp::writeTo);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of trial " + trialId + " to "
                    + store.location() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the trial's checkpoint (if any). */
    public void delete() {
        try {
            store.delete(NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the checkpoint of trial " + trialId + " in "
                    + store.location() + ": " + e.getMessage(), e);
        }
    }

    /** Checkpoints are on. */
    public boolean enabled() {
        return store != null;
    }

    /** A save is due after {@code step}, {@code sinceLastSave} after the last one (or the start). */
    public boolean due(long step, Duration sinceLastSave) {
        if (!enabled()) {
            return false;
        }
        if (everySteps > 0 && step % everySteps == 0 || Arrays.binarySearch(atSteps, step) >= 0) {
            return true;
        }
        return every != null && !every.isZero() && sinceLastSave.compareTo(every) >= 0;
    }
}
