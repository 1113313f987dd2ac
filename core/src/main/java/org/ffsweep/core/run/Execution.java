package org.ffsweep.core.run;

import java.io.Serializable;

/**
 * How a trial was run, beyond where: its libtorch threads, how many trials its JVM was set to
 * train at once, and the pack it trained in. Every part is null where not known (results
 * written before these were recorded, the {@code train} command).
 *
 * @param threads libtorch intra-op threads of the trial (of its pack)
 * @param concurrentTrials trials (or packs) its JVM was set to train at once
 * @param packSize the number of trials in its pack (1: trained alone)
 * @param packId the id of the pack's first trial (its own id when alone)
 */
public record Execution(Integer threads, Integer concurrentTrials, Integer packSize, String packId)
        implements Serializable {
    /** Nothing known. */
    public static final Execution UNKNOWN = new Execution(null, null, null, null);
}
