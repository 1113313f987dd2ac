package org.ffsweep.core.run;

import org.ffsweep.core.config.ConfigEnum;

/** How a trial ended. */
public enum TrialStatus implements ConfigEnum {
    /** Trained to the end of its schedule. */
    COMPLETED,
    /** A loss became NaN or infinite; metrics up to that step are kept. */
    DIVERGED
}
