package org.ffsweep.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.eval.FFEvaluator;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.FFNetwork;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * The supervised FF kind for the {@link TrainingLoop}: overlays the labels, makes the negative
 * labels ({@code once}: per chunk, or for the whole training set under {@code epochs};
 * {@code random}: every step; {@code all}: the nine wrong labels), steps every layer of an
 * {@link FFNetwork}, and scores it by the label of highest goodness on the test set and on the
 * training images (the current chunk, or the first {@code metrics.train-eval-size} images).
 */
public final class FFStepModel implements StepModel<FFStepModel.Batch> {
    private final FFNetwork network;
    private final ImageSet train;
    private final ImageSet test;
    private final ImageSet validation;
    private final FFConfig ff;
    private final MetricsConfig metrics;
    private final LoopSettings settings;
    private final NDManager root;
    private final SavableRandom shuffleRng;
    private final SavableRandom negativeRng;
    private final DeviceImages images = new DeviceImages();
    private OverlayBatch testBatch;
    private OverlayBatch validationBatch;
    private OverlayBatch trainEval;
    private int[] fixedNegatives;

    /** A batch on the device, with its negatives when they are drawn once. */
    public record Batch(OverlayBatch images, int[] fixedNegatives) {}

    /**
     * Builds the network of {@code trial} in {@code root}. From {@code rng}: the network's stream,
     * then the loop's (split into the shuffle's and the negatives').
     */
    public FFStepModel(TrialConfig trial, ImageSet train, ImageSet validation, ImageSet test, NDManager root,
            Engine engine, SavableRandom rng) {
        this.network = new FFNetwork(train.pixelsPerImage(), trial.model(), trial.ff(), trial.training(), root, engine,
                rng.split());
        SavableRandom loop = rng.split();
        this.shuffleRng = loop.split();
        this.negativeRng = loop.split();
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.ff = trial.ff();
        this.metrics = trial.metrics();
        this.settings = LoopSettings.of(trial.training(), trial.metrics(), false);
        this.root = root;
    }

    @Override
    public LoopSettings settings() {
        return settings;
    }

    @Override
    public int trainingImages() {
        return train.count();
    }

    @Override
    public SavableRandom orderRandom() {
        return shuffleRng;
    }

    @Override
    public void begin(int[] order, NDManager data) {
        testBatch = images.batch(test, Shuffle.range(test.count()), data);
        if (validation != null) {
            validationBatch = images.batch(validation, Shuffle.range(validation.count()), data);
        }
        if (settings.schedule() == Schedule.EPOCHS) {
            if (ff.negatives() == NegativeMode.ONCE) {
                int[] all = new int[train.count()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = train.label(i);
                }
                fixedNegatives = NegativeLabels.randomWrong(all, negativeRng);
            }
            if (metrics.trainEvalSize() > 0) {
                trainEval = images.batch(train, Arrays.copyOf(order, Math.min(order.length, metrics.trainEvalSize())),
                        data);
            }
        }
    }

    @Override
    public Batch batch(int[] rows, NDManager scope) {
        OverlayBatch b = images.batch(train, rows, scope);
        if (ff.negatives() != NegativeMode.ONCE) {
            return new Batch(b, null);
        }
        if (settings.schedule() == Schedule.CHUNKED) {
            return new Batch(b, NegativeLabels.randomWrong(b.labels(), negativeRng));
        }
        int[] neg = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            neg[i] = fixedNegatives[rows[i]];
        }
        return new Batch(b, neg);
    }

    @Override
    public List<FFLayer.StepStats> step(Batch batch, NDManager scope) {
        OverlayBatch b = batch.images();
        int[] neg = batch.fixedNegatives() != null ? batch.fixedNegatives()
                : ff.negatives() == NegativeMode.ALL ? NegativeLabels.allWrong(b.labels())
                : NegativeLabels.randomWrong(b.labels(), negativeRng);
        int groups = 1 + neg.length / b.size();
        NDArray oneHot = images.scaledOneHot(NegativeLabels.concat(b.labels(), neg), b.max(), scope);
        return network.trainStep(b, oneHot, groups);
    }

    @Override
    public ModelScore evaluate(Batch current) {
        OverlayBatch trainBatch = settings.schedule() == Schedule.CHUNKED ? (current == null ? null : current.images()) : trainEval;
        double trainAcc = Double.NaN;
        if (trainBatch != null && metrics.trainEvalSize() > 0) {
            trainAcc = FFEvaluator.evaluate(network, trainBatch, root).accuracy();
        }
        EvaluationResult t = FFEvaluator.evaluate(network, testBatch, root);
        double validationAcc = validationBatch == null ? Double.NaN
                : FFEvaluator.evaluate(network, validationBatch, root).accuracy();
        return new ModelScore(trainAcc, t, validationAcc);
    }

    /** Parameters and optimizers of every layer; the shuffle's, the negatives' and the dropout's streams. */
    @Override
    public ModelParts parts() {
        return new ModelParts(network.parameters(), network.optimizers(),
                List.of(shuffleRng, negativeRng, network.dropoutRandom()));
    }

    @Override
    public void close() {
        network.close();
    }
}
