package org.ffsweep.core.pack;

import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.config.TrialConfig;

/**
 * What trials must share to train as one packed model: everything of a {@link TrialConfig} but
 * the values a pack holds per trial ({@link #PER_TRIAL}). Two trials of equal keys differ at most
 * in threshold, margin, learning rate, Adam betas and epsilon, dropout probability, seed and
 * name; everything else (model kind, widths, activation, input norm, skip connections, goodness,
 * loss, margin sign, softplus form, negatives, prediction settings, schedule, batch size, epochs,
 * train-limit, max-chunks, metrics, data set) is in the key, so a setting added to the
 * configuration later is in it too unless it is named here. The unsupervised settings, which
 * the supervised kind ignores, are not. A trial that holds out a validation set
 * ({@code data.validation-size}) trains on the images its seed leaves ({@code run.ValidationSplit}:
 * they depend on the seed, the validation size and the data set only): its seed is in its key, so it
 * packs with the trials of the same seed and split (a threshold x margin grid of one seed packs
 * whole), and every trial of such a pack trains and is validated on the same images.
 *
 * @param shape the trial's canonical JSON with the per-trial values set to fixed placeholders
 */
public record PackKey(String shape) {
    /**
     * The configuration paths a pack may hold per trial; {@code seed} only when the trials hold out
     * no validation set (see {@link #of}).
     */
    public static final java.util.List<String> PER_TRIAL = java.util.List.of("seed", "ff.threshold", "ff.margin",
            "training.learning-rate", "training.adam.beta1", "training.adam.beta2", "training.adam.epsilon",
            "model.dropout");

    /**
     * The key of {@code trial}: with {@code data.validation-size > 0} it holds the trial's seed
     * too (the seed is then a per-trial value only for trials without a validation split).
     *
     * @throws IllegalArgumentException for model kinds other than supervised FF, which do not pack
     */
    public static PackKey of(TrialConfig trial) {
        if (trial.model().kind() != ModelKind.FF) {
            throw new IllegalArgumentException("only model.kind = ff trials pack, got " + trial.model().kind().key()
                    + " (trial " + trial.name() + ")");
        }
        // with a validation split the seed chooses the training images: trials share them only with the same seed
        long seed = trial.data().validationSize() > 0 ? trial.seed() : 0L;
        ModelConfig m = trial.model();
        FFConfig f = trial.ff();
        TrainingConfig t = trial.training();
        TrialConfig placeholder = new TrialConfig("", seed, trial.dataset(), trial.data(),
                new ModelConfig(m.kind(), m.hiddenSizes(), m.activation(), m.inputNorm(), 0.0, m.skipConnections()),
                new FFConfig(f.goodness(), f.loss(), 0.0, 0.0, f.marginSign(), f.softplus(), f.negatives(),
                        f.prediction(), f.predictionSkip()),
                new TrainingConfig(t.schedule(), t.batchSize(), t.epochs(), 1.0, 0.0, 0.0, 1.0, t.trainLimit(),
                        t.maxChunks()),
                trial.metrics(), trial.unsupervised());
        com.google.gson.JsonObject json = placeholder.toJson();
        json.remove("unsupervised"); // the supervised kind ignores it, as its configHash does
        return new PackKey(json.toString());
    }
}
