package org.ffsweep.core.config;

/** The closed sets of choices a trial is made of. Each is spelled in HOCON by {@link ConfigEnum#key()}. */
public final class Options {
    private Options() {}

    /** What a trial trains. */
    public enum ModelKind implements ConfigEnum { FF, BACKPROP_MLP }

    /** Hidden-unit non-linearity. {@code SIGMOID} is the study's "logistic". */
    public enum Activation implements ConfigEnum { RELU, LEAKY_RELU, TANH, SIGMOID, ELU, GELU }

    /** Per-sample goodness of a layer's activations y. */
    public enum GoodnessKind implements ConfigEnum {
        /** mean of y^2 (the study's code). */
        MEAN_SQUARES,
        /** sum of y^2 (Hinton 2022). */
        SUM_SQUARES,
        /** mean of y (the study's text). */
        MEAN
    }

    /** Per-layer loss of positive and negative goodness. */
    public enum LossKind implements ConfigEnum {
        /** softplus with threshold and margin (the study's "new loss"). */
        LOGISTIC,
        /** (theta + m - sigmoid(g_pos)) + (sigmoid(g_neg) - theta + m) (the study's "original loss"). */
        P_POS,
        /** binary cross-entropy of sigmoid(g - theta) (Hinton 2022). */
        HINTON_BCE
    }

    /** Which way the logistic loss's margin points. */
    public enum MarginSign implements ConfigEnum {
        /** The study's code: a positive margin relaxes both sides. */
        STUDY,
        /** The study's stated intent: a positive margin pushes both sides away from the threshold. */
        OUTWARD
    }

    /** How softplus is computed. */
    public enum SoftplusForm implements ConfigEnum {
        /** log1p(exp(-|z|)) + max(z, 0): never overflows. */
        STABLE,
        /** log(1 + exp(z)) as the study's code writes it: inf for z > 88.7 in float32. */
        STUDY
    }

    /** How negative (wrong-label) data is made. */
    public enum NegativeMode implements ConfigEnum { ONCE, RANDOM, ALL }

    /** Which layers' goodness a prediction adds up. */
    public enum PredictionLayers implements ConfigEnum { ALL_LAYERS, LAST_LAYER, FROM_SECOND }

    /** Whether prediction uses the skip connections that training used. */
    public enum PredictionSkip implements ConfigEnum { IGNORE, APPLY }

    /** Order of training steps. */
    public enum Schedule implements ConfigEnum { CHUNKED, EPOCHS }

    /** Where a trial computes. */
    public enum DevicePreference implements ConfigEnum { AUTO, CPU, GPU }
}
