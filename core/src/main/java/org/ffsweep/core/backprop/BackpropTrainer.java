package org.ffsweep.core.backprop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ffsweep.core.config.MetricsConfig;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.nn.Activations;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.nn.Init;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingDivergedException;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.util.Shuffle;

/**
 * The backprop baseline of the study's Table 4: an MLP (e.g. 784-800-10 ReLU) trained end to
 * end with softmax cross-entropy and Adam over shuffled mini-batches, evaluated every epoch.
 */
public final class BackpropTrainer {
    private static final int CLASSES = 10;

    private final ModelConfig model;
    private final TrainingConfig training;
    private final MetricsConfig metrics;
    private final ImageSet train;
    private final ImageSet test;
    private final TrainingListener listener;
    private final NDManager root;
    private final Engine engine;
    private final DeviceImages images = new DeviceImages();


    public BackpropTrainer(ModelConfig model, TrainingConfig training, MetricsConfig metrics, ImageSet train,
            ImageSet test, TrainingListener listener, NDManager root, Engine engine) {
        this.model = model;
        this.training = training;
        this.metrics = metrics;
        this.train = train;
        this.test = test;
        this.listener = listener;
        this.root = root;
        this.engine = engine;
    }

    public TrainingOutcome run(SplittableRandom rng) {
        List<StepMetrics> steps = new ArrayList<>();
        List<EvalMetrics> evals = new ArrayList<>();
        long t0 = System.nanoTime();
        double evalSeconds = 0;
        long step = 0;
        String divergence = null;
        try (NDManager params = root.newSubManager()) {
            List<NDArray> ws = new ArrayList<>();
            List<NDArray> bs = new ArrayList<>();
            int in = train.pixelsPerImage();
            List<Integer> widths = new ArrayList<>(model.hiddenSizes());
            widths.add(CLASSES);
            for (int out : widths) {
                ws.add(Init.linearUniform(params, new Shape(in, out), in, rng));
                bs.add(Init.linearUniform(params, new Shape(out), in, rng));
                in = out;
            }
            List<NDArray> all = new ArrayList<>(ws);
            all.addAll(bs);
            all.forEach(p -> p.setRequiresGradient(true));
            Optimizer adam = Adam.of(training);
            int[] order = Shuffle.range(train.count());
            if (training.trainLimit() > 0 && training.trainLimit() < order.length) {
                order = Arrays.copyOf(Shuffle.shuffled(order, rng), training.trainLimit());
            }
            int batch = Math.min(training.batchSize(), order.length);
            int perEpoch = (order.length + batch - 1) / batch;
            long total = (long) perEpoch * training.epochs();
            int[] testRows = Shuffle.range(test.count());
            int[] trainEvalRows = Arrays.copyOf(order, Math.min(order.length, metrics.trainEvalSize()));
            for (int e = 1; e <= training.epochs(); e++) {
                int[] epochOrder = Shuffle.shuffled(order, rng);
                for (int k = 0; k < perEpoch; k++) {
                    step++;
                    int[] rows = Arrays.copyOfRange(epochOrder, k * batch, Math.min(epochOrder.length, (k + 1) * batch));
                    float loss;
                    try (NDManager scope = root.newSubManager()) {
                        NDArray x = images.images(train, rows, scope);
                        int[] labels = new int[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            labels[i] = train.label(rows[i]);
                        }
                        NDArray target = images.scaledOneHot(labels, 1f, scope);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray logits = forward(x, ws, bs, true);
                            NDArray l = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                        for (int i = 0; i < all.size(); i++) {
                            try (NDArray g = all.get(i).getGradient()) {
                                adam.update("bp." + i, all.get(i), g);
                            }
                        }
                    }
                    boolean record = k == perEpoch - 1 || step % metrics.everySteps() == 0;
                    if (!Float.isFinite(loss) || record) {
                        StepMetrics m = new StepMetrics(step, e, 0, 1, loss, Double.NaN, Double.NaN);
                        steps.add(m);
                        listener.onStep(List.of(m), total, (System.nanoTime() - t0) / 1e9);
                    }
                    if (!Float.isFinite(loss)) {
                        throw new TrainingDivergedException("loss is " + loss + " at step " + step + " (epoch " + e + ")");
                    }
                }
                long e0 = System.nanoTime();
                double trainAcc = trainEvalRows.length == 0 ? Double.NaN
                        : accuracy(trainEvalRows, train, ws, bs).accuracy();
                EvaluationResult t = accuracy(testRows, test, ws, bs);
                double secs = (System.nanoTime() - e0) / 1e9;
                evalSeconds += secs;
                EvalMetrics m = new EvalMetrics(step, e, 0, trainAcc, t.accuracy(), t.distinctPredictions(), t.collapsed(), secs);
                evals.add(m);
                listener.onEval(m, (System.nanoTime() - t0) / 1e9);
            }
        } catch (TrainingDivergedException ex) {
            divergence = ex.getMessage();
        }
        double totalSecs = (System.nanoTime() - t0) / 1e9;
        return new TrainingOutcome(steps, evals, step, totalSecs - evalSeconds, evalSeconds, divergence);
    }

    private NDArray forward(NDArray x, List<NDArray> ws, List<NDArray> bs, boolean training) {
        NDArray h = x;
        for (int i = 0; i < ws.size(); i++) {
            h = h.matMul(ws.get(i)).add(bs.get(i));
            if (i < ws.size() - 1) {
                h = Activations.apply(model.activation(), h);
                if (training && model.dropout() > 0) {
                    h = Dropout.dropout(h, (float) model.dropout(), true).singletonOrThrow();
                }
            }
        }
        return h;
    }

    private EvaluationResult accuracy(int[] rows, ImageSet set, List<NDArray> ws, List<NDArray> bs) {
        try (NDManager scope = root.newSubManager()) {
            NDArray logits = forward(images.images(set, rows, scope), ws, bs, false);
            long[] p = logits.argMax(1).toLongArray();
            int[] predicted = new int[p.length];
            int[] truth = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                predicted[i] = (int) p[i];
                truth[i] = set.label(rows[i]);
            }
            return EvaluationResult.of(predicted, truth);
        }
    }


}
