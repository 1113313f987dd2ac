package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.ffsweep.core.config.Options;

/** The six activations of the study, as PyTorch defines them, and their derivatives. */
public final class Activations {
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    /** Leaky relu's slope below 0, as the forward pass passes it to PyTorch. */
    private static final float LEAK = 0.01f;

    private Activations() {}

    /** {@code a(z)}; GELU is PyTorch's exact form {@code z Phi(z)} (erf, not the tanh approximation). */
    public static NDArray apply(Options.Activation a, NDArray z) {
        return switch (a) {
            case RELU -> Activation.relu(z);
            case LEAKY_RELU -> Activation.leakyRelu(z, LEAK);
            case TANH -> Activation.tanh(z);
            case SIGMOID -> Activation.sigmoid(z);
            case ELU -> Activation.elu(z, 1f);
            case GELU -> Activation.gelu(z);
        };
    }

    /** Whether {@link #backward} reads the pre-activation {@code z} (GELU) rather than only {@code y}. */
    public static boolean backwardNeedsInput(Options.Activation a) {
        return a == Options.Activation.GELU;
    }

    /**
     * {@code dL/dz} as a new array, for {@code y = a(z)} and {@code dL/dy = k * y} (when
     * {@code timesOutput}: the squares goodness) or {@code dL/dy = k} (the mean goodness), with
     * {@code k} one value per row, {@code [rows, 1]}. The derivatives come from {@code y} (relu:
     * {@code y > 0}; leaky relu: 1 or 0.01 by the sign of {@code y}; tanh: {@code 1 - y^2};
     * sigmoid: {@code y (1 - y)}, these four as PyTorch's backward computes them; elu: 1 or
     * {@code y + 1}, where PyTorch uses {@code exp(z)}), GELU's from {@code z}:
     * {@code Phi(z) + z phi(z)}. {@code z} may be null for the others. Neither {@code y} nor
     * {@code z} is changed.
     */
    public static NDArray backward(Options.Activation a, NDArray y, NDArray z, NDArray k, boolean timesOutput) {
        if (CpuKernels.fusesBackward(a, timesOutput) && CpuKernels.applies(y, k)) {
            return CpuKernels.activationBackward(a, y, k, timesOutput); // one pass, the same numbers
        }
        if (timesOutput) {
            return switch (a) {
                case RELU -> y.mul(k); // y a'(z) = y: zero where a' is
                case LEAKY_RELU -> Activation.leakyRelu(y, LEAK).muli(k); // y a'(z) = y or 0.01 y
                case TANH -> {
                    NDArray ky = y.mul(k);
                    yield ky.subi(y.square().muli(ky)); // k y (1 - y^2)
                }
                case SIGMOID -> {
                    NDArray kyy = y.mul(k).muli(y);
                    yield kyy.subi(kyy.mul(y)); // k y^2 (1 - y)
                }
                case ELU -> y.minimum(0f).addi(1f).muli(y).muli(k);
                case GELU -> geluSlope(z).muli(y).muli(k);
            };
        }
        return switch (a) {
            case RELU -> y.sign().muli(k); // y >= 0: sign is the indicator of y > 0
            case LEAKY_RELU -> y.gt(0f).toType(y.getDataType(), false).muli(1 - (double) LEAK).addi((double) LEAK).muli(k);
            case TANH -> y.square().negi().addi(1f).muli(k);
            case SIGMOID -> y.sub(y.square()).muli(k);
            case ELU -> y.minimum(0f).addi(1f).muli(k);
            case GELU -> geluSlope(z).muli(k);
        };
    }

    /** GELU'(z) = Phi(z) + z phi(z), PyTorch's GeluBackward for the exact form. */
    private static NDArray geluSlope(NDArray z) {
        NDArray cdf = z.mul(INV_SQRT2).erf().addi(1f).muli(0.5f);
        NDArray zpdf = z.square().muli(-0.5f).exp().muli(INV_SQRT_2PI).muli(z);
        return cdf.addi(zpdf);
    }
}
