package org.ffsweep.core.config;

import java.util.List;
import org.ffsweep.core.config.Options.MaskPadding;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.util.Checks;

/**
 * The kinds scored by a linear probe ({@code model.kind = ff-unsupervised | ff-class-pairs}):
 * {@code ffsweep.trial.unsupervised}. Other kinds ignore it.
 *
 * @param blurRepeats how many times a hybrid mask's noise is blurred (horizontally, then vertically)
 * @param maskPadding what the blur assumes outside the image
 * @param representation what the probe sees
 * @param probeEpochs passes of the probe's Adam over the training representations
 * @param probeBatchSize the probe's mini-batch
 * @param probeLearningRate the probe's Adam learning rate
 * @param probeBeforeTraining also score the untrained network (a baseline: random features)
 */
public record UnsupervisedConfig(
        int blurRepeats,
        MaskPadding maskPadding,
        Representation representation,
        int probeEpochs,
        int probeBatchSize,
        double probeLearningRate,
        boolean probeBeforeTraining) implements java.io.Serializable {

    public UnsupervisedConfig {
        Checks.nonNegative("unsupervised.blur-repeats", blurRepeats);
        Checks.notNull("unsupervised.mask-padding", maskPadding);
        Checks.notNull("unsupervised.representation", representation);
        Checks.positive("unsupervised.probe.epochs", probeEpochs);
        Checks.positive("unsupervised.probe.batch-size", probeBatchSize);
        Checks.positive("unsupervised.probe.learning-rate", probeLearningRate);
    }

    /** The representation that {@code kind} uses: {@code auto} resolved. */
    public Representation representationFor(ModelKind kind) {
        if (representation != Representation.AUTO) {
            return representation;
        }
        return kind == ModelKind.FF_CLASS_PAIRS ? Representation.LAYER_SUM : Representation.NORMALIZED_FROM_SECOND;
    }

    /** Checks that {@code model} can give this representation (a sum needs layers of one width). */
    void checkAgainst(ModelConfig model) {
        if (!model.kind().probed() || representationFor(model.kind()) != Representation.LAYER_SUM) {
            return;
        }
        List<Integer> w = model.hiddenSizes();
        if (w.stream().distinct().count() > 1) {
            throw new IllegalArgumentException("unsupervised.representation = layer-sum"
                    + (representation == Representation.AUTO ? " (auto for " + model.kind().key() + ")" : "")
                    + " adds the layers' outputs and needs layers of one width, got model.hidden-sizes " + w);
        }
    }

    static UnsupervisedConfig read(ConfigReader r) {
        ConfigReader probe = r.sub("probe");
        return new UnsupervisedConfig(
                r.nonNegativeInt("blur-repeats"),
                r.enumValue("mask-padding", MaskPadding.class),
                r.enumValue("representation", Representation.class),
                probe.positiveInt("epochs"),
                probe.positiveInt("batch-size"),
                probe.positiveDouble("learning-rate"),
                probe.bool("before-training"));
    }
}
