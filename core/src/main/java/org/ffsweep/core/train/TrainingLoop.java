package org.ffsweep.core.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.util.Shuffle;

/**
 * The one training loop of every model kind: walks a {@link StepModel}'s training images by its
 * {@link LoopSettings} (chunked or epochs, train-limit, max-chunks), steps it, records per-layer
 * statistics, evaluates it, times training apart from evaluation, and tells its
 * {@link TrainingListener}s, any of which can end the trial between steps. The step at which a
 * trial ends is always recorded. No I/O, no static state; one loop runs one trial.
 */
public final class TrainingLoop<B> {
    private final StepModel<B> model;
    private final LoopSettings settings;
    private final List<TrainingListener> listeners;
    private final NDManager root;
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EvalMetrics> evals = new ArrayList<>();
    private long step;
    private long totalSteps;
    private long startNanos;
    private double evalSeconds;

    private TrainingLoop(StepModel<B> model, List<TrainingListener> listeners, NDManager root) {
        this.model = model;
        this.settings = model.settings();
        this.listeners = List.copyOf(listeners);
        this.root = root;
    }

    /**
     * Trains {@code model} to the end of its schedule or until a listener ends it. Per-step
     * arrays live in sub-managers of {@code root}.
     */
    public static <B> TrainingOutcome run(StepModel<B> model, List<TrainingListener> listeners, NDManager root) {
        return new TrainingLoop<>(model, listeners, root).run();
    }

    private TrainingOutcome run() {
        startNanos = System.nanoTime();
        Decision end;
        try (NDManager data = root.newSubManager()) {
            int[] order = initialOrder();
            model.begin(order, settings.schedule(), data);
            end = settings.evalBeforeTraining() ? evaluate(null, 0, 0) : Decision.CONTINUE;
            if (!end.ends()) {
                end = settings.schedule() == Schedule.CHUNKED ? chunked(order, data) : epochs(order, data);
            }
        }
        double total = (System.nanoTime() - startNanos) / 1e9;
        return new TrainingOutcome(steps, evals, step, total - evalSeconds, evalSeconds, end);
    }

    private int[] initialOrder() {
        int[] order = Shuffle.range(model.trainingImages());
        boolean limited = settings.trainLimit() > 0 && settings.trainLimit() < order.length;
        if (settings.initialOrder() == LoopSettings.InitialOrder.SHUFFLED || limited) {
            order = Shuffle.shuffled(order, model.orderRandom());
        }
        return limited ? Arrays.copyOf(order, settings.trainLimit()) : order;
    }

    private Decision chunked(int[] order, NDManager data) {
        int batch = Math.min(settings.batchSize(), order.length);
        int chunks = (order.length + batch - 1) / batch;
        if (settings.maxChunks() > 0) {
            chunks = Math.min(chunks, settings.maxChunks());
        }
        totalSteps = (long) chunks * settings.epochs();
        for (int c = 0; c < chunks; c++) {
            int[] rows = Arrays.copyOfRange(order, c * batch, Math.min(order.length, (c + 1) * batch));
            try (NDManager scope = data.newSubManager()) {
                B b = model.batch(rows, scope);
                for (int e = 1; e <= settings.epochs(); e++) {
                    Decision d = stepAndMaybeEvaluate(b, e, c + 1, e == settings.epochs(), c == chunks - 1);
                    if (d.ends()) {
                        return d;
                    }
                }
            }
        }
        return Decision.CONTINUE;
    }

    private Decision epochs(int[] order, NDManager data) {
        int batch = Math.min(settings.batchSize(), order.length);
        int perEpoch = (order.length + batch - 1) / batch;
        totalSteps = (long) settings.epochs() * perEpoch;
        for (int e = 1; e <= settings.epochs(); e++) {
            int[] epochOrder = Shuffle.shuffled(order, model.orderRandom());
            for (int k = 0; k < perEpoch; k++) {
                int[] rows = Arrays.copyOfRange(epochOrder, k * batch, Math.min(epochOrder.length, (k + 1) * batch));
                try (NDManager scope = data.newSubManager()) {
                    B b = model.batch(rows, scope);
                    Decision d = stepAndMaybeEvaluate(b, e, 0, k == perEpoch - 1, e == settings.epochs());
                    if (d.ends()) {
                        return d;
                    }
                }
            }
        }
        return Decision.CONTINUE;
    }

    /** One step, then an evaluation if one is due. {@code lastRound}: this round is the schedule's last. */
    private Decision stepAndMaybeEvaluate(B b, int epoch, int chunk, boolean roundEnd, boolean lastRound) {
        boolean end = roundEnd && lastRound;
        Decision d = step(b, epoch, chunk, roundEnd, end);
        if (d.ends()) {
            return d;
        }
        boolean due = settings.evalEverySteps() > 0 ? step % settings.evalEverySteps() == 0 : roundEnd;
        return end || due ? evaluate(b, epoch, chunk) : Decision.CONTINUE;
    }

    private Decision step(B b, int epoch, int chunk, boolean roundEnd, boolean end) {
        step++;
        try (NDManager scope = root.newSubManager()) {
            List<FFLayer.StepStats> stats = model.step(b, scope);
            float[] losses = new float[stats.size()];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = stats.get(i).loss().getFloat();
            }
            boolean record = end || step % settings.everySteps() == 0 || settings.recordFirstStep() && step == 1
                    || settings.recordRoundEnds() && roundEnd;
            List<StepMetrics> rows = record ? rows(stats, losses, epoch, chunk) : List.of();
            StepEvent event = new StepEvent(step, totalSteps, epoch, chunk, losses, rows, elapsed());
            Decision d = tell(l -> l.onStep(event));
            steps.addAll(d.ends() && !record ? rows(stats, losses, epoch, chunk) : rows);
            return d;
        }
    }

    private List<StepMetrics> rows(List<FFLayer.StepStats> stats, float[] losses, int epoch, int chunk) {
        List<StepMetrics> rows = new ArrayList<>(stats.size());
        for (int i = 0; i < stats.size(); i++) {
            FFLayer.StepStats s = stats.get(i);
            rows.add(new StepMetrics(step, epoch, chunk, i + 1, losses[i],
                    s.meanPos() == null ? Double.NaN : s.meanPos().getFloat(),
                    s.meanNeg() == null ? Double.NaN : s.meanNeg().getFloat()));
        }
        return rows;
    }

    private Decision evaluate(B current, int epoch, int chunk) {
        long t0 = System.nanoTime();
        ModelScore s = model.evaluate(current);
        double secs = (System.nanoTime() - t0) / 1e9;
        evalSeconds += secs;
        EvalMetrics m = new EvalMetrics(step, epoch, chunk, s.trainAccuracy(), s.test().accuracy(),
                s.test().distinctPredictions(), s.test().collapsed(), secs);
        evals.add(m);
        double elapsed = elapsed();
        return tell(l -> l.onEval(m, elapsed));
    }

    /** Tells every listener; the first decision that ends the trial wins. */
    private Decision tell(Function<TrainingListener, Decision> call) {
        Decision first = Decision.CONTINUE;
        for (TrainingListener l : listeners) {
            Decision d = call.apply(l);
            if (d.ends() && !first.ends()) {
                first = d;
            }
        }
        return first;
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
