package org.ffsweep.core.backprop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.ModelConfig;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.eval.EvaluationResult;
import org.ffsweep.core.nn.Activations;
import org.ffsweep.core.nn.Adam;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.nn.Init;
import org.ffsweep.core.train.DeviceImages;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.LoopSettings;
import org.ffsweep.core.train.ModelParts;
import org.ffsweep.core.train.ModelScore;
import org.ffsweep.core.train.StepModel;
import org.ffsweep.core.train.TrainingLoop;
import org.ffsweep.core.util.Autograd;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;

/**
 * The backprop baseline of the study's Table 4 for the {@link TrainingLoop}: an MLP (e.g.
 * 784-800-10 ReLU) trained end to end with softmax cross-entropy and Adam over shuffled
 * mini-batches. It always runs the {@code epochs} schedule (whatever {@code training.schedule}
 * says), records the last step of every epoch and every {@code metrics.every-steps}, and is
 * evaluated at the end of every epoch.
 */
public final class BackpropStepModel implements StepModel<int[]> {
    private static final int CLASSES = 10;

    private final ModelConfig model;
    private final ImageSet train;
    private final ImageSet test;
    private final ImageSet validation;
    private final int trainEvalSize;
    private final LoopSettings settings;
    private final NDManager root;
    private final Engine engine;
    private final SavableRandom rng;
    private final NDManager params;
    private final List<NDArray> ws = new ArrayList<>();
    private final List<NDArray> bs = new ArrayList<>();
    private final List<NDArray> all = new ArrayList<>();
    private final Adam adam;
    private final DeviceImages images = new DeviceImages();
    private int[] trainEvalRows;
    private int[] testRows;

    /**
     * Initialises the MLP of {@code trial} in {@code root} from {@code rng}, which then orders
     * and shuffles the training images too.
     */
    public BackpropStepModel(TrialConfig trial, ImageSet train, ImageSet validation, ImageSet test, NDManager root,
            Engine engine, SavableRandom rng) {
        this.model = trial.model();
        this.train = train;
        this.test = test;
        this.validation = validation;
        this.trainEvalSize = trial.metrics().trainEvalSize();
        var t = trial.training();
        this.settings = new LoopSettings(Schedule.EPOCHS, t.batchSize(), t.epochs(), t.trainLimit(), 0,
                trial.metrics().everySteps(), 0, false, true, LoopSettings.InitialOrder.STORED_UNLESS_LIMITED, false);
        this.root = root;
        this.engine = engine;
        this.rng = rng;
        this.params = root.newSubManager();
        int in = train.pixelsPerImage();
        List<Integer> widths = new ArrayList<>(model.hiddenSizes());
        widths.add(CLASSES);
        for (int out : widths) {
            ws.add(Init.linearUniform(params, new Shape(in, out), in, rng));
            bs.add(Init.linearUniform(params, new Shape(out), in, rng));
            in = out;
        }
        all.addAll(ws);
        all.addAll(bs);
        all.forEach(p -> p.setRequiresGradient(true));
        this.adam = Adam.of(t);
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
        return rng;
    }

    @Override
    public void begin(int[] order, NDManager data) {
        testRows = Shuffle.range(test.count());
        trainEvalRows = Arrays.copyOf(order, Math.min(order.length, trainEvalSize));
    }

    @Override
    public int[] batch(int[] rows, NDManager scope) {
        return rows;
    }

    @Override
    public List<FFLayer.StepStats> step(int[] rows, NDManager scope) {
        NDArray x = images.images(train, rows, scope);
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = train.label(rows[i]);
        }
        NDArray target = images.scaledOneHot(labels, 1f, scope);
        NDArray loss;
        try (GradientCollector gc = Autograd.collector(engine)) {
            NDArray logits = forward(x, true);
            NDArray l = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
            gc.backward(l);
            loss = l.stopGradient();
        }
        for (int i = 0; i < all.size(); i++) {
            try (NDArray g = all.get(i).getGradient()) {
                adam.update("bp." + i, all.get(i), g);
            }
        }
        return List.of(FFLayer.StepStats.lossOnly(loss));
    }

    @Override
    public ModelScore evaluate(int[] current) {
        double trainAcc = trainEvalRows.length == 0 ? Double.NaN : accuracy(trainEvalRows, train).accuracy();
        double validationAcc = validation == null ? Double.NaN
                : accuracy(Shuffle.range(validation.count()), validation).accuracy();
        return new ModelScore(trainAcc, accuracy(testRows, test), validationAcc);
    }

    private NDArray forward(NDArray x, boolean training) {
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

    private EvaluationResult accuracy(int[] rows, ImageSet set) {
        try (NDManager scope = root.newSubManager()) {
            NDArray logits = forward(images.images(set, rows, scope), false);
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

    /**
     * Weights and biases, the optimizer, and the stream that shuffles. Dropout here is libtorch's,
     * from a generator no checkpoint holds.
     *
     * @throws UnsupportedOperationException when {@code model.dropout} is above 0
     */
    @Override
    public ModelParts parts() {
        if (model.dropout() > 0) {
            throw new UnsupportedOperationException("backprop-mlp with model.dropout " + model.dropout()
                    + " cannot be checkpointed: libtorch draws its dropout masks from a generator no checkpoint"
                    + " holds (use model.dropout = 0)");
        }
        return new ModelParts(all, List.of(adam), List.of(rng));
    }

    @Override
    public void close() {
        params.close();
    }
}
