package org.ffsweep.core.unsup;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.config.UnsupervisedConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.LoopSettings;
import org.ffsweep.core.train.ModelParts;
import org.ffsweep.core.train.ModelScore;
import org.ffsweep.core.train.StepModel;
import org.ffsweep.core.train.TrainingLoop;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kinds scored by a linear probe, for the {@link TrainingLoop}: makes each step's hybrid
 * images (new masks and partners every step) and, for the study's recipe, the same-class
 * partners; steps every layer of a {@link RepresentationNetwork}; and at each evaluation fits a
 * {@link LinearProbe} on the representations of the training images and scores it on the test
 * images. With {@code unsupervised.probe.before-training} it is also scored before the first step.
 */
public final class UnsupervisedStepModel implements StepModel<int[]> {
    private static final Logger LOG = LoggerFactory.getLogger(UnsupervisedStepModel.class);
    /** Rows per forward pass when computing representations. */
    private static final int EVAL_ROWS = 10_000;

    private final RepresentationNetwork network;
    private final ImageSet train;
    private final ImageSet test;
    private final ImageSet validation;
    private final ModelKind kind;
    private final double dropout;
    private final MetricsConfig metrics;
    private final UnsupervisedConfig unsupervised;
    private final Representation representation;
    private final LoopSettings settings;
    private final NDManager root;
    private final HybridMasks masks;
    private final StepInputs inputs = new StepInputs();
    private final DeviceImages images = new DeviceImages();
    private final SavableRandom shuffleRng;
    private final SavableRandom negativeRng;
    private final SavableRandom pairRng;
    private final SavableRandom probeRng;
    private ClassPartners partners;
    private int[] order;

    /**
     * Builds the network of {@code trial} (a probed kind) in {@code root}. From {@code rng}: the
     * network's stream, then the loop's (split into the shuffle's, the hybrids', the partners' and
     * the probe's).
     */
    public UnsupervisedStepModel(TrialConfig trial, ImageSet train, ImageSet validation, ImageSet test,
            NDManager root, Engine engine, SavableRandom rng) {
        if (!trial.model().kind().probed()) {
            throw new IllegalArgumentException("model.kind " + trial.model().kind().key() + " is not scored by a probe");
        }
        this.network = new RepresentationNetwork(train.pixelsPerImage(), trial.model(), trial.ff(), trial.training(),
                root, engine, rng.split());
        SavableRandom loop = rng.split();
        this.shuffleRng = loop.split();
        this.negativeRng = loop.split();
        this.pairRng = loop.split();
        this.probeRng = loop.split();
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.kind = trial.model().kind();
        this.dropout = trial.model().dropout();
        this.metrics = trial.metrics();
        this.unsupervised = trial.unsupervised();
        this.representation = unsupervised.representationFor(kind);
        this.settings = LoopSettings.of(trial.training(), trial.metrics(), unsupervised.probeBeforeTraining());
        this.root = root;
        this.masks = new HybridMasks(HybridMasks.sideOf(train.pixelsPerImage()), unsupervised.blurRepeats(),
                unsupervised.maskPadding());
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
        this.order = order;
        partners = kind == ModelKind.FF_CLASS_PAIRS ? new ClassPartners(train, order) : null;
    }

    /** The rows themselves: each step makes its own inputs. */
    @Override
    public int[] batch(int[] rows, NDManager scope) {
        return rows;
    }

    @Override
    public List<FFLayer.StepStats> step(int[] rows, NDManager scope) {
        HybridImages hybrids = HybridImages.make(train, rows, masks, negativeRng);
        int[] pairs = partners == null ? null : partners.draw(rows, pairRng);
        NDArray input = inputs.upload(train, rows, pairs, hybrids, scope);
        return network.trainStep(input, rows.length);
    }

    @Override
    public ModelScore evaluate(int[] current) {
        EvaluationResult testResult;
        double trainAcc = Double.NaN;
        double validationAcc = Double.NaN;
        try (NDManager scope = root.newSubManager()) {
            NDArray trainFeatures = features(train, order, scope);
            NDArray testFeatures = features(test, Shuffle.range(test.count()), scope);
            int[] trainLabels = labels(train, order);
            try (LinearProbe probe = LinearProbe.fit(trainFeatures, trainLabels, OverlayBatch.CLASSES, unsupervised,
                    probeRng.split(), scope)) {
                testResult = EvaluationResult.of(probe.predict(testFeatures), labels(test, Shuffle.range(test.count())));
                if (validation != null) {
                    int[] rows = Shuffle.range(validation.count());
                    validationAcc = EvaluationResult.of(probe.predict(features(validation, rows, scope)),
                            labels(validation, rows)).accuracy();
                }
                int k = Math.min(order.length, metrics.trainEvalSize());
                if (k > 0) {
                    int[] predicted = probe.predict(k == order.length ? trainFeatures : trainFeatures.get("0:" + k));
                    trainAcc = EvaluationResult.of(predicted, Arrays.copyOf(trainLabels, k)).accuracy();
                }
                LOG.info("probe on {} ({} features): cross entropy {} in its last epoch", representation.key(),
                        trainFeatures.getShape().get(1), probe.lastEpochLoss());
            }
        }
        return new ModelScore(trainAcc, testResult, validationAcc);
    }

    /** The representations of {@code rows} of {@code set}, {@code [rows, width]}, in {@code scope}. */
    private NDArray features(ImageSet set, int[] rows, NDManager scope) {
        NDList parts = new NDList();
        for (int from = 0; from < rows.length; from += EVAL_ROWS) {
            int[] part = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + EVAL_ROWS));
            try (NDManager chunk = scope.newSubManager()) {
                NDArray f = network.representation(images.images(set, part, chunk), representation);
                f.attach(scope);
                parts.add(f);
            }
        }
        if (parts.size() == 1) {
            return parts.singletonOrThrow();
        }
        NDArray all = NDArrays.concat(parts, 0);
        parts.forEach(NDArray::close);
        return all;
    }

    private static int[] labels(ImageSet set, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = set.label(rows[i]);
        }
        return out;
    }

    /**
     * Parameters and optimizers of every layer; the shuffle's, the hybrids', the partners' and the
     * probe's streams. Dropout here is libtorch's, from a generator no checkpoint holds.
     *
     * @throws UnsupportedOperationException when {@code model.dropout} is above 0
     */
    @Override
    public ModelParts parts() {
        if (dropout > 0) {
            throw new UnsupportedOperationException(kind.key() + " with model.dropout " + dropout
                    + " cannot be checkpointed: libtorch draws its dropout masks from a generator no checkpoint"
                    + " holds (use model.dropout = 0)");
        }
        return new ModelParts(network.parameters(), network.optimizers(),
                List.of(shuffleRng, negativeRng, pairRng, probeRng));
    }

    @Override
    public void close() {
        network.close();
    }
}
