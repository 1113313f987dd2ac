package org.ffsweep.core.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.util.SavableRandom;

/**
 * The live parts of a {@link StepModel} that a checkpoint saves and restores, each list in an
 * order fixed by the trial's configuration: everything that changes from step to step. The
 * parameters are float32 arrays restored in place; the random streams are every stream the
 * model draws from once it is built (the stream that initialised the weights is spent by then).
 *
 * @param parameters the trained arrays
 * @param optimizers the optimizers that update them
 * @param randoms the random streams
 */
public record ModelParts(List<NDArray> parameters, List<Adam> optimizers, List<SavableRandom> randoms) {
    public ModelParts {
        parameters = List.copyOf(parameters);
        optimizers = List.copyOf(optimizers);
        randoms = List.copyOf(randoms);
    }

    /** The state of every random stream, in order. */
    public long[][] randomStates() {
        long[][] s = new long[randoms.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = randoms.get(i).state();
        }
        return s;
    }

    /** Puts every random stream in the state {@link #randomStates} returned. */
    public void restoreRandoms(long[][] states) {
        if (states.length != randoms.size()) {
            throw new IllegalStateException("the checkpoint holds " + states.length + " random streams, the model "
                    + randoms.size());
        }
        for (int i = 0; i < states.length; i++) {
            randoms.get(i).restore(states[i]);
        }
    }
}
