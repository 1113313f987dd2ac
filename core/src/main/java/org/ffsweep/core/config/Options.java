package org.ffsweep.core.config;

/** The closed sets of choices a trial is made of. Each is spelled in HOCON by {@link ConfigEnum#key()}. */
public final class Options {
    private Options() {}

    /** What a trial trains. */
    public enum ModelKind implements ConfigEnum {
        /** Supervised FF: labels overlaid on the images, wrong labels as negatives. */
        FF,
        /** The backprop baseline (the study's Table 4). */
        BACKPROP_MLP,
        /**
         * Hinton's unsupervised FF: real images against hybrid images, ordinary goodness; scored by
         * a linear probe on the learned representation. No labels until the probe.
         */
        FF_UNSUPERVISED,
        /**
         * The study's "unsupervised" FF: positive pairs of two images of the same class (so it needs
         * the labels), negative pairs of an image and a hybrid image, goodness the squared cosine
         * similarity of a pair's outputs; scored by a linear probe.
         */
        FF_CLASS_PAIRS;

        /** Trained without label overlay and scored by a linear probe on its representation. */
        public boolean probed() {
            return this == FF_UNSUPERVISED || this == FF_CLASS_PAIRS;
        }
    }

    /** How a hybrid mask's blur treats the image border. */
    public enum MaskPadding implements ConfigEnum {
        /** Zeros outside the image (the study's code): the blurred noise sinks below 0.5 near borders. */
        ZERO,
        /** The border pixel repeated outside the image: the blurred noise keeps its mean of 0.5 everywhere. */
        EDGE
    }

    /** What the linear probe of {@link ModelKind#probed() probed} kinds sees. */
    public enum Representation implements ConfigEnum {
        /** The kind's own: layer-sum for ff-class-pairs (the study), normalized-from-second for ff-unsupervised (Hinton). */
        AUTO,
        /** The sum of every layer's output (the study's description; layers of equal width). */
        LAYER_SUM,
        /** Layers 2..N (layer 1 alone for one layer), each output divided by its length, concatenated (Hinton). */
        NORMALIZED_FROM_SECOND,
        /** Every layer, each output divided by its length, concatenated. */
        NORMALIZED_ALL,
        /** The last layer's output (what the study's published UnsupNet.predict returns). */
        LAST_LAYER
    }

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
