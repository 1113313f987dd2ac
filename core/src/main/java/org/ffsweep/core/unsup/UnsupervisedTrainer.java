package org.ffsweep.core.unsup;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.Options.Representation;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.config.UnsupervisedConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingDivergedException;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.util.Shuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a training schedule over a {@link RepresentationNetwork} (the kinds scored by a linear
 * probe): makes each step's hybrid images (new masks and partners every epoch) and, for the
 * study's recipe, the same-class partners; steps every layer; records per-layer statistics; and
 * at each evaluation fits a {@link LinearProbe} on the representations of the training images
 * and scores it on the test images. Schedules, metrics and divergence as in the supervised
 * {@code FFTrainer}.
 */
public final class UnsupervisedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(UnsupervisedTrainer.class);
    /** Rows per forward pass when computing representations. */
    private static final int EVAL_ROWS = 10_000;

    private final RepresentationNetwork network;
    private final ImageSet train;
    private final ImageSet test;
    private final ModelKind kind;
    private final TrainingConfig training;
    private final MetricsConfig metrics;
    private final UnsupervisedConfig unsupervised;
    private final Representation representation;
    private final TrainingListener listener;
    private final NDManager root;
    private final Engine engine;
    private final HybridMasks masks;
    private final StepInputs inputs = new StepInputs();
    private final DeviceImages images = new DeviceImages();
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EvalMetrics> evals = new ArrayList<>();
    private ClassPartners partners;
    private int[] order;
    private SplittableRandom negativeRng;
    private SplittableRandom pairRng;
    private SplittableRandom probeRng;
    private long step;
    private long totalSteps;
    private long startNanos;
    private double evalSeconds;

    public UnsupervisedTrainer(RepresentationNetwork network, ImageSet train, ImageSet test, TrialConfig trial,
            TrainingListener listener, NDManager root, Engine engine) {
        if (!trial.model().kind().probed()) {
            throw new IllegalArgumentException("model.kind " + trial.model().kind().key() + " is not scored by a probe");
        }
        this.network = network;
        this.train = train;
        this.test = test;
        this.kind = trial.model().kind();
        this.training = trial.training();
        this.metrics = trial.metrics();
        this.unsupervised = trial.unsupervised();
        this.representation = unsupervised.representationFor(kind);
        this.listener = listener;
        this.root = root;
        this.engine = engine;
        this.masks = new HybridMasks(HybridMasks.sideOf(train.pixelsPerImage()), unsupervised.blurRepeats(),
                unsupervised.maskPadding());
    }

    /**
     * Builds the network of {@code trial} (a probed kind) in {@code root}, trains and scores it,
     * and frees it: what {@code TrialRunner} calls. Engine randomness (dropout) must be seeded by
     * the caller.
     */
    public static TrainingOutcome train(TrialConfig trial, ImageSet train, ImageSet test, TrainingListener listener,
            NDManager root, Engine engine, SplittableRandom rng) {
        try (RepresentationNetwork network = new RepresentationNetwork(train.pixelsPerImage(), trial.model(),
                trial.ff(), trial.training(), root, engine, rng.split())) {
            return new UnsupervisedTrainer(network, train, test, trial, listener, root, engine).run(rng.split());
        }
    }

    /** Trains with randomness from {@code rng}; engine randomness (dropout) must be seeded by the caller. */
    public TrainingOutcome run(SplittableRandom rng) {
        SplittableRandom shuffleRng = rng.split();
        negativeRng = rng.split();
        pairRng = rng.split();
        probeRng = rng.split();
        startNanos = System.nanoTime();
        String divergence = null;
        order = Shuffle.shuffled(Shuffle.range(train.count()), shuffleRng);
        if (training.trainLimit() > 0 && training.trainLimit() < order.length) {
            order = Arrays.copyOf(order, training.trainLimit());
        }
        partners = kind == ModelKind.FF_CLASS_PAIRS ? new ClassPartners(train, order) : null;
        try {
            if (unsupervised.probeBeforeTraining()) {
                evaluate(0, 0);
            }
            if (training.schedule() == Schedule.CHUNKED) {
                runChunked();
            } else {
                runEpochs(shuffleRng);
            }
        } catch (TrainingDivergedException e) {
            divergence = e.getMessage();
        }
        double total = (System.nanoTime() - startNanos) / 1e9;
        return new TrainingOutcome(steps, evals, step, total - evalSeconds, evalSeconds, divergence);
    }

    private void runChunked() {
        int batch = Math.min(training.batchSize(), order.length);
        int chunks = (order.length + batch - 1) / batch;
        if (training.maxChunks() > 0) {
            chunks = Math.min(chunks, training.maxChunks());
        }
        totalSteps = (long) chunks * training.epochs();
        for (int c = 0; c < chunks; c++) {
            int[] rows = Arrays.copyOfRange(order, c * batch, Math.min(order.length, (c + 1) * batch));
            for (int e = 1; e <= training.epochs(); e++) {
                boolean last = e == training.epochs();
                boolean end = last && c == chunks - 1;
                step(rows, e, c + 1, step == 0 || end);
                if (end || (metrics.evalEverySteps() > 0 ? step % metrics.evalEverySteps() == 0 : last)) {
                    evaluate(e, c + 1);
                }
            }
        }
    }

    private void runEpochs(SplittableRandom shuffleRng) {
        int batch = Math.min(training.batchSize(), order.length);
        int perEpoch = (order.length + batch - 1) / batch;
        totalSteps = (long) training.epochs() * perEpoch;
        for (int e = 1; e <= training.epochs(); e++) {
            int[] epochOrder = Shuffle.shuffled(order, shuffleRng);
            for (int k = 0; k < perEpoch; k++) {
                int[] rows = Arrays.copyOfRange(epochOrder, k * batch, Math.min(epochOrder.length, (k + 1) * batch));
                boolean last = k == perEpoch - 1;
                boolean end = last && e == training.epochs();
                step(rows, e, 0, step == 0 || end);
                if (end || (metrics.evalEverySteps() > 0 ? step % metrics.evalEverySteps() == 0 : last)) {
                    evaluate(e, 0);
                }
            }
        }
    }

    private void step(int[] rows, int epoch, int chunk, boolean forceRecord) {
        step++;
        HybridImages hybrids = HybridImages.make(train, rows, masks, negativeRng);
        int[] pairs = partners == null ? null : partners.draw(rows, pairRng);
        try (NDManager scope = root.newSubManager()) {
            NDArray input = inputs.upload(train, rows, pairs, hybrids, scope);
            List<FFLayer.StepStats> stats = network.trainStep(input, rows.length);
            boolean record = forceRecord || step % metrics.everySteps() == 0;
            List<StepMetrics> recorded = new ArrayList<>(stats.size());
            for (int i = 0; i < stats.size(); i++) {
                FFLayer.StepStats s = stats.get(i);
                float loss = s.loss().getFloat();
                if (!Float.isFinite(loss) || record) {
                    recorded.add(new StepMetrics(step, epoch, chunk, i + 1, loss, s.meanPos().getFloat(),
                            s.meanNeg().getFloat()));
                }
                if (!Float.isFinite(loss)) {
                    steps.addAll(recorded);
                    throw new TrainingDivergedException(
                            "layer " + (i + 1) + " loss is " + loss + " at step " + step + " (epoch " + epoch + ")");
                }
            }
            if (record) {
                steps.addAll(recorded);
                listener.onStep(recorded, totalSteps, elapsed());
            }
        }
    }

    private void evaluate(int epoch, int chunk) {
        long t0 = System.nanoTime();
        EvaluationResult testResult;
        double trainAcc = Double.NaN;
        try (NDManager scope = root.newSubManager()) {
            NDArray trainFeatures = features(train, order, scope);
            NDArray testFeatures = features(test, Shuffle.range(test.count()), scope);
            int[] trainLabels = labels(train, order);
            try (LinearProbe probe = LinearProbe.fit(trainFeatures, trainLabels, OverlayBatch.CLASSES, unsupervised,
                    probeRng.split(), scope)) {
                testResult = EvaluationResult.of(probe.predict(testFeatures), labels(test, Shuffle.range(test.count())));
                int k = Math.min(order.length, metrics.trainEvalSize());
                if (k > 0) {
                    int[] predicted = probe.predict(k == order.length ? trainFeatures : trainFeatures.get("0:" + k));
                    trainAcc = EvaluationResult.of(predicted, Arrays.copyOf(trainLabels, k)).accuracy();
                }
                LOG.info("probe on {} ({} features): cross entropy {} in its last epoch", representation.key(),
                        trainFeatures.getShape().get(1), probe.lastEpochLoss());
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        evalSeconds += secs;
        EvalMetrics m = new EvalMetrics(step, epoch, chunk, trainAcc, testResult.accuracy(),
                testResult.distinctPredictions(), testResult.collapsed(), secs);
        evals.add(m);
        listener.onEval(m, elapsed());
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

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
