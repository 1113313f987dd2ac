package org.ffsweep.core.run;

import org.ffsweep.core.config.ConfigEnum;

/** How a trial ended; its {@link #key()} is the spelling in results ({@code completed}, ...). */
public enum TrialStatus implements ConfigEnum {
    /** Trained to the end of its schedule. */
    COMPLETED,
    /** A loss became NaN or infinite; metrics up to that step are kept. */
    DIVERGED,
    /** A listener stopped it between steps (pruning); metrics up to that step are kept. */
    STOPPED,
    /** It threw (a bug, or no memory); the error is kept, metrics are not. */
    FAILED
}
