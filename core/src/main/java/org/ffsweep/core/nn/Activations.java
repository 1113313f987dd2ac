package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.ffsweep.core.config.Options;

/** The six activations of the study, as PyTorch defines them. */
public final class Activations {
    private Activations() {}

    public static NDArray apply(Options.Activation a, NDArray z) {
        return switch (a) {
            case RELU -> Activation.relu(z);
            case LEAKY_RELU -> Activation.leakyRelu(z, 0.01f);
            case TANH -> Activation.tanh(z);
            case SIGMOID -> Activation.sigmoid(z);
            case ELU -> Activation.elu(z, 1f);
            case GELU -> Activation.gelu(z);
        };
    }
}
