package org.ffsweep.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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

    /** Copies of the parameters' values, in order. */
    public List<float[]> parameterValues() {
        return parameters.stream().map(NDArray::toFloatArray).toList();
    }

    /** The optimizers' states, in order. */
    public List<Adam.State> optimizerStates() {
        return optimizers.stream().map(Adam::save).toList();
    }

    /**
     * Puts saved parameter values (in place) and optimizer states ({@link Adam#restore}) in place.
     *
     * @throws IllegalStateException when they do not fit these parts (count, size or type)
     */
    public void restore(List<float[]> values, List<Adam.State> states) {
        if (values.size() != parameters.size() || states.size() != optimizers.size()) {
            throw new IllegalStateException("the checkpoint holds " + values.size() + " parameters and "
                    + states.size() + " optimizers, the model " + parameters.size() + " and " + optimizers.size());
        }
        for (int i = 0; i < values.size(); i++) {
            NDArray p = parameters.get(i);
            float[] v = values.get(i);
            if (p.getDataType() != DataType.FLOAT32 || p.size() != v.length) {
                throw new IllegalStateException("parameter " + i + " is " + p.getDataType() + " " + p.getShape()
                        + ", the checkpoint holds " + v.length + " float32 values");
            }
            p.set(v);
        }
        for (int i = 0; i < states.size(); i++) {
            optimizers.get(i).restore(states.get(i));
        }
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
