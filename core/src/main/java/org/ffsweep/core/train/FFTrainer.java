package org.ffsweep.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ffsweep.core.config.FFConfig;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.eval.FFEvaluator;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.FFNetwork;
import org.ffsweep.core.nn.OverlayBatch;
import org.ffsweep.core.util.Shuffle;

/**
 * Runs a training schedule over an {@link FFNetwork}: makes the negative labels, steps every
 * layer, records per-layer statistics and accuracies, and stops on divergence. No I/O, no
 * static state; what it hears it tells its {@link TrainingListener}.
 */
public final class FFTrainer {
    private final FFNetwork network;
    private final ImageSet train;
    private final ImageSet test;
    private final FFConfig ff;
    private final TrainingConfig training;
    private final MetricsConfig metrics;
    private final TrainingListener listener;
    private final NDManager root;
    private final DeviceImages images = new DeviceImages();
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EvalMetrics> evals = new ArrayList<>();
    private long step;
    private long totalSteps;
    private long startNanos;
    private double evalSeconds;
    private OverlayBatch testBatch;


    public FFTrainer(FFNetwork network, ImageSet train, ImageSet test, FFConfig ff, TrainingConfig training,
            MetricsConfig metrics, TrainingListener listener, NDManager root) {
        this.network = network;
        this.train = train;
        this.test = test;
        this.ff = ff;
        this.training = training;
        this.metrics = metrics;
        this.listener = listener;
        this.root = root;
    }

    /** Trains with randomness from {@code rng}; engine randomness (dropout) must be seeded by the caller. */
    public TrainingOutcome run(SplittableRandom rng) {
        SplittableRandom shuffleRng = rng.split();
        SplittableRandom negativeRng = rng.split();
        startNanos = System.nanoTime();
        String divergence = null;
        try (NDManager data = root.newSubManager()) {
            testBatch = images.batch(test, Shuffle.range(test.count()), data);
            int[] order = Shuffle.shuffled(Shuffle.range(train.count()), shuffleRng);
            if (training.trainLimit() > 0 && training.trainLimit() < order.length) {
                order = Arrays.copyOf(order, training.trainLimit());
            }
            if (training.schedule() == Schedule.CHUNKED) {
                runChunked(order, negativeRng, data);
            } else {
                runEpochs(order, shuffleRng, negativeRng, data);
            }
        } catch (TrainingDivergedException e) {
            divergence = e.getMessage();
        }
        double total = (System.nanoTime() - startNanos) / 1e9;
        return new TrainingOutcome(steps, evals, step, total - evalSeconds, evalSeconds, divergence);
    }

    private void runChunked(int[] order, SplittableRandom negativeRng, NDManager data) {
        int batch = Math.min(training.batchSize(), order.length);
        int chunks = (order.length + batch - 1) / batch;
        if (training.maxChunks() > 0) {
            chunks = Math.min(chunks, training.maxChunks());
        }
        totalSteps = (long) chunks * training.epochs();
        for (int c = 0; c < chunks; c++) {
            int[] rows = Arrays.copyOfRange(order, c * batch, Math.min(order.length, (c + 1) * batch));
            try (NDManager chunkScope = data.newSubManager()) {
                OverlayBatch b = images.batch(train, rows, chunkScope);
                int[] fixed = ff.negatives() == NegativeMode.ONCE ? NegativeLabels.randomWrong(b.labels(), negativeRng) : null;
                for (int e = 1; e <= training.epochs(); e++) {
                    int[] neg = fixed != null ? fixed : negatives(b.labels(), negativeRng);
                    boolean last = e == training.epochs();
                    step(b, neg, e, c + 1, step == 0 || last && c == chunks - 1);
                    boolean end = last && c == chunks - 1;
                    if (end || (metrics.evalEverySteps() > 0 ? step % metrics.evalEverySteps() == 0 : last)) {
                        evaluate(e, c + 1, b);
                    }
                }
            }
        }
    }

    private void runEpochs(int[] order, SplittableRandom shuffleRng, SplittableRandom negativeRng, NDManager data) {
        int batch = Math.min(training.batchSize(), order.length);
        int perEpoch = (order.length + batch - 1) / batch;
        totalSteps = (long) training.epochs() * perEpoch;
        int[] fixed = null;
        if (ff.negatives() == NegativeMode.ONCE) {
            int[] all = new int[train.count()];
            for (int i = 0; i < all.length; i++) {
                all[i] = train.label(i);
            }
            fixed = NegativeLabels.randomWrong(all, negativeRng);
        }
        OverlayBatch trainEval = null;
        if (metrics.trainEvalSize() > 0) {
            trainEval = images.batch(train, Arrays.copyOf(order, Math.min(order.length, metrics.trainEvalSize())), data);
        }
        for (int e = 1; e <= training.epochs(); e++) {
            int[] epochOrder = Shuffle.shuffled(order, shuffleRng);
            for (int k = 0; k < perEpoch; k++) {
                int[] rows = Arrays.copyOfRange(epochOrder, k * batch, Math.min(epochOrder.length, (k + 1) * batch));
                boolean last = k == perEpoch - 1;
                try (NDManager batchScope = data.newSubManager()) {
                    OverlayBatch b = images.batch(train, rows, batchScope);
                    int[] neg;
                    if (fixed != null) {
                        neg = new int[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            neg[i] = fixed[rows[i]];
                        }
                    } else {
                        neg = negatives(b.labels(), negativeRng);
                    }
                    step(b, neg, e, 0, step == 0 || last && e == training.epochs());
                }
                boolean end = e == training.epochs() && last;
                if (end || (metrics.evalEverySteps() > 0 ? step % metrics.evalEverySteps() == 0 : last)) {
                    evaluate(e, 0, trainEval);
                }
            }
        }
    }

    private int[] negatives(int[] labels, SplittableRandom rng) {
        return ff.negatives() == NegativeMode.ALL ? NegativeLabels.allWrong(labels) : NegativeLabels.randomWrong(labels, rng);
    }

    private void step(OverlayBatch b, int[] negativeLabels, int epoch, int chunk, boolean forceRecord) {
        step++;
        int groups = 1 + negativeLabels.length / b.size();
        try (NDManager scope = root.newSubManager()) {
            NDArray oneHot = images.scaledOneHot(NegativeLabels.concat(b.labels(), negativeLabels), b.max(), scope);
            List<FFLayer.StepStats> stats = network.trainStep(b, oneHot, groups);
            boolean record = forceRecord || step % metrics.everySteps() == 0;
            List<StepMetrics> rows = new ArrayList<>(stats.size());
            for (int i = 0; i < stats.size(); i++) {
                FFLayer.StepStats s = stats.get(i);
                float loss = s.loss().getFloat();
                if (!Float.isFinite(loss)) {
                    record(new StepMetrics(step, epoch, chunk, i + 1, loss, s.meanPos().getFloat(), s.meanNeg().getFloat()));
                    throw new TrainingDivergedException(
                            "layer " + (i + 1) + " loss is " + loss + " at step " + step + " (epoch " + epoch + ")");
                }
                if (record) {
                    rows.add(new StepMetrics(step, epoch, chunk, i + 1, loss, s.meanPos().getFloat(), s.meanNeg().getFloat()));
                }
            }
            if (record) {
                rows.forEach(this::record);
                listener.onStep(rows, totalSteps, elapsed());
            }
        }
    }

    private void record(StepMetrics m) {
        steps.add(m);
    }

    private void evaluate(int epoch, int chunk, OverlayBatch trainBatch) {
        long t0 = System.nanoTime();
        double trainAcc = Double.NaN;
        if (trainBatch != null && metrics.trainEvalSize() > 0) {
            trainAcc = FFEvaluator.evaluate(network, trainBatch, root).accuracy();
        }
        EvaluationResult t = FFEvaluator.evaluate(network, testBatch, root);
        double secs = (System.nanoTime() - t0) / 1e9;
        evalSeconds += secs;
        EvalMetrics m = new EvalMetrics(step, epoch, chunk, trainAcc, t.accuracy(), t.distinctPredictions(),
                t.collapsed(), secs);
        evals.add(m);
        listener.onEval(m, elapsed());
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

}
