package org.ffsweep.core.run;

import org.ffsweep.core.config.ConfigEnum;

/** The parts of a trial's wall time; {@link #key()} names them in results ({@code seconds_data}, ...). */
public enum Phase implements ConfigEnum {
    /** Loading (and fetching) the data set; measured by the caller. */
    DATA,
    /** Choosing the device and building the network. */
    SETUP,
    /** Training steps, evaluations excluded. */
    TRAIN,
    /** Evaluations. */
    EVAL
}
