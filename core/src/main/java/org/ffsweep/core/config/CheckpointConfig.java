package org.ffsweep.core.config;

import com.typesafe.config.Config;
import java.time.Duration;
import org.ffsweep.core.checkpoint.CheckpointStore;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.util.Checks;

/**
 * When checkpoints are saved ({@code ffsweep.checkpoint}); where is the front end's choice
 * ({@code train --checkpoint-dir}, a sweep's results folder). Never part of a trial's identity.
 *
 * @param every save when this much time has passed since the last save; zero = not by time
 * @param everySteps save after every multiple of this many steps; 0 = not by steps
 * @param keep keep the checkpoint of a trial that ran to its end
 */
public record CheckpointConfig(Duration every, long everySteps, boolean keep) implements java.io.Serializable {

    public CheckpointConfig {
        Checks.notNull("checkpoint.every", every);
        if (every.isNegative()) {
            throw new IllegalArgumentException("checkpoint.every: " + every + " (expected 0 or more)");
        }
        if (everySteps < 0) {
            throw new IllegalArgumentException("checkpoint.every-steps: " + everySteps + " (expected 0 or more)");
        }
    }

    /** Reads {@code c}, the {@code ffsweep.checkpoint} subtree. */
    public static CheckpointConfig fromConfig(Config c) {
        ConfigReader r = new ConfigReader(c, "ffsweep.checkpoint.");
        Duration every = r.get("every", c::getDuration);
        return r.get("every", p -> new CheckpointConfig(every, r.nonNegativeInt("every-steps"), r.bool("keep")));
    }

    /** These settings for the trial {@code trialId}, its checkpoint in {@code store}. */
    public Checkpointing in(CheckpointStore store, String trialId) {
        return Checkpointing.every(store, trialId, every, keep).withEverySteps(everySteps);
    }
}
