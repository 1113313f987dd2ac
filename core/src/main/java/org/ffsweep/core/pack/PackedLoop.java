package org.ffsweep.core.pack;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.LoopSettings;
import org.ffsweep.core.train.ModelScore;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingListener;
import org.ffsweep.core.train.TrainingOutcome;
import org.ffsweep.core.util.Shuffle;

/**
 * The packed analogue of {@code train.TrainingLoop}: walks the schedule of K trials of one shape
 * in lockstep (each trial through its own shuffle of the training images), steps them as one
 * {@link PackedModel}, and records, evaluates and tells each trial's own listeners exactly what
 * its solo loop would. A trial that a listener ends (diverged, stopped) leaves the pack at once,
 * with its metrics so far; the others go on. Timings are the pack's wall time: each trial's
 * training time is the time until it ended less the evaluations it took part in.
 */
final class PackedLoop {
    private final PackedModel model;
    private final LoopSettings settings;
    private final NDManager root;
    private final List<Lane> lanes = new ArrayList<>();
    /** The lanes still training, by slot. */
    private final List<Lane> active = new ArrayList<>();
    private long step;
    private long totalSteps;
    private long startNanos;

    /** One trial's listeners and record. */
    private static final class Lane {
        final List<TrainingListener> listeners;
        final List<StepMetrics> steps = new ArrayList<>();
        final List<EvalMetrics> evals = new ArrayList<>();
        int[] order;
        int[] epochOrder;
        Decision ending = Decision.CONTINUE;
        long stepsRun;
        double evalSeconds;
        double endSeconds = Double.NaN;

        Lane(List<TrainingListener> listeners) {
            this.listeners = List.copyOf(listeners);
        }
    }

    private PackedLoop(PackedModel model, List<List<TrainingListener>> listeners, NDManager root) {
        this.model = model;
        this.settings = model.settings();
        this.root = root;
        for (List<TrainingListener> l : listeners) {
            Lane lane = new Lane(l);
            lanes.add(lane);
            active.add(lane);
        }
    }

    /**
     * Trains the trials of {@code model} (slot i with {@code listeners.get(i)}) to the end of
     * their schedule or until a listener ends them; their outcomes, in slot order.
     */
    static List<TrainingOutcome> run(PackedModel model, List<List<TrainingListener>> listeners, NDManager root) {
        if (listeners.size() != model.trials()) {
            throw new IllegalArgumentException(
                    "need one listener list per trial: " + model.trials() + " trials, " + listeners.size() + " lists");
        }
        return new PackedLoop(model, listeners, root).run();
    }

    private List<TrainingOutcome> run() {
        startNanos = System.nanoTime();
        try (NDManager data = root.newSubManager()) {
            int[][] orders = new int[active.size()][];
            for (int t = 0; t < orders.length; t++) {
                orders[t] = initialOrder(t);
                active.get(t).order = orders[t];
            }
            model.begin(orders, data);
            Holder none = new Holder(null);
            if (settings.evalBeforeTraining()) {
                evaluate(none, 0, 0);
            }
            if (!active.isEmpty()) {
                if (settings.schedule() == Schedule.CHUNKED) {
                    chunked(data);
                } else {
                    epochs(data);
                }
            }
        }
        double total = elapsed();
        List<TrainingOutcome> out = new ArrayList<>();
        for (Lane l : lanes) {
            if (Double.isNaN(l.endSeconds)) {
                l.endSeconds = total;
                l.stepsRun = step;
            }
            out.add(new TrainingOutcome(l.steps, l.evals, l.stepsRun, l.endSeconds - l.evalSeconds, l.evalSeconds,
                    l.ending));
        }
        return out;
    }

    private int[] initialOrder(int slot) {
        int[] order = Shuffle.range(model.trainingImages());
        boolean limited = settings.trainLimit() > 0 && settings.trainLimit() < order.length;
        if (settings.initialOrder() == LoopSettings.InitialOrder.SHUFFLED || limited) {
            order = Shuffle.shuffled(order, model.orderRandom(slot));
        }
        return limited ? Arrays.copyOf(order, settings.trainLimit()) : order;
    }

    /** The batch the trials train on; trials that leave are dropped from it. */
    private static final class Holder {
        PackedModel.Batch batch;

        Holder(PackedModel.Batch batch) {
            this.batch = batch;
        }
    }

    private void chunked(NDManager data) {
        int length = active.get(0).order.length;
        int batch = Math.min(settings.batchSize(), length);
        int chunks = (length + batch - 1) / batch;
        if (settings.maxChunks() > 0) {
            chunks = Math.min(chunks, settings.maxChunks());
        }
        totalSteps = (long) chunks * settings.epochs();
        for (int c = 0; c < chunks; c++) {
            int from = c * batch;
            int to = Math.min(length, (c + 1) * batch);
            try (NDManager scope = data.newSubManager()) {
                Holder b = new Holder(model.batch(rows(l -> l.order, from, to), scope));
                for (int e = 1; e <= settings.epochs(); e++) {
                    stepAndMaybeEvaluate(b, e, c + 1, e == settings.epochs(), c == chunks - 1);
                    if (active.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    private void epochs(NDManager data) {
        int length = active.get(0).order.length;
        int batch = Math.min(settings.batchSize(), length);
        int perEpoch = (length + batch - 1) / batch;
        totalSteps = (long) settings.epochs() * perEpoch;
        for (int e = 1; e <= settings.epochs(); e++) {
            for (int t = 0; t < active.size(); t++) {
                active.get(t).epochOrder = Shuffle.shuffled(active.get(t).order, model.orderRandom(t));
            }
            for (int k = 0; k < perEpoch; k++) {
                int from = k * batch;
                int to = Math.min(length, (k + 1) * batch);
                try (NDManager scope = data.newSubManager()) {
                    Holder b = new Holder(model.batch(rows(l -> l.epochOrder, from, to), scope));
                    stepAndMaybeEvaluate(b, e, 0, k == perEpoch - 1, e == settings.epochs());
                    if (active.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    private int[][] rows(Function<Lane, int[]> order, int from, int to) {
        int[][] rows = new int[active.size()][];
        for (int t = 0; t < rows.length; t++) {
            rows[t] = Arrays.copyOfRange(order.apply(active.get(t)), from, to);
        }
        return rows;
    }

    private void stepAndMaybeEvaluate(Holder b, int epoch, int chunk, boolean roundEnd, boolean lastRound) {
        boolean end = roundEnd && lastRound;
        step(b, epoch, chunk, roundEnd, end);
        if (active.isEmpty()) {
            return;
        }
        boolean due = settings.evalEverySteps() > 0 ? step % settings.evalEverySteps() == 0 : roundEnd;
        if (end || due) {
            evaluate(b, epoch, chunk);
        }
    }

    private void step(Holder b, int epoch, int chunk, boolean roundEnd, boolean end) {
        step++;
        Decision[] decisions = new Decision[active.size()];
        try (NDManager scope = root.newSubManager()) {
            List<PackedLayer.Stats> stats = model.step(b.batch, scope);
            int layers = stats.size();
            float[][] loss = new float[layers][];
            float[][] pos = new float[layers][];
            float[][] neg = new float[layers][];
            for (int i = 0; i < layers; i++) {
                loss[i] = stats.get(i).loss().toFloatArray();
                pos[i] = stats.get(i).meanPos().toFloatArray();
                neg[i] = stats.get(i).meanNeg().toFloatArray();
            }
            boolean record = end || step % settings.everySteps() == 0 || settings.recordFirstStep() && step == 1
                    || settings.recordRoundEnds() && roundEnd;
            double elapsed = elapsed();
            for (int t = 0; t < decisions.length; t++) {
                Lane lane = active.get(t);
                float[] losses = new float[layers];
                for (int i = 0; i < layers; i++) {
                    losses[i] = loss[i][t];
                }
                List<StepMetrics> rows = record ? rows(loss, pos, neg, t, epoch, chunk) : List.of();
                StepEvent event = new StepEvent(step, totalSteps, epoch, chunk, losses, rows, elapsed);
                Decision d = tell(lane, l -> l.onStep(event));
                lane.steps.addAll(d.ends() && !record ? rows(loss, pos, neg, t, epoch, chunk) : rows);
                decisions[t] = d;
            }
        }
        leave(decisions, b);
    }

    private List<StepMetrics> rows(float[][] loss, float[][] pos, float[][] neg, int slot, int epoch, int chunk) {
        List<StepMetrics> rows = new ArrayList<>(loss.length);
        for (int i = 0; i < loss.length; i++) {
            rows.add(new StepMetrics(step, epoch, chunk, i + 1, loss[i][slot], pos[i][slot], neg[i][slot]));
        }
        return rows;
    }

    private void evaluate(Holder b, int epoch, int chunk) {
        long t0 = System.nanoTime();
        List<ModelScore> scores = model.evaluate(b.batch);
        double secs = (System.nanoTime() - t0) / 1e9;
        double elapsed = elapsed();
        Decision[] decisions = new Decision[active.size()];
        for (int t = 0; t < decisions.length; t++) {
            ModelScore s = scores.get(t);
            EvalMetrics m = new EvalMetrics(step, epoch, chunk, s.trainAccuracy(), s.test().accuracy(),
                    s.test().distinctPredictions(), s.test().collapsed(), secs);
            Lane lane = active.get(t);
            lane.evals.add(m);
            lane.evalSeconds += secs;
            decisions[t] = tell(lane, l -> l.onEval(m, elapsed));
        }
        leave(decisions, b);
    }

    /** The lanes whose decision ends them leave the pack: their slots are dropped from the model and the batch. */
    private void leave(Decision[] decisions, Holder b) {
        List<Long> kept = new ArrayList<>();
        double now = elapsed();
        for (int t = 0; t < decisions.length; t++) {
            if (decisions[t].ends()) {
                Lane lane = active.get(t);
                lane.ending = decisions[t];
                lane.stepsRun = step;
                lane.endSeconds = now;
            } else {
                kept.add((long) t);
            }
        }
        if (kept.size() == decisions.length) {
            return;
        }
        long[] slots = kept.stream().mapToLong(Long::longValue).toArray();
        List<Lane> still = new ArrayList<>();
        for (long s : slots) {
            still.add(active.get((int) s));
        }
        active.clear();
        active.addAll(still);
        if (!active.isEmpty()) {
            model.retain(slots);
            if (b.batch != null) {
                b.batch = b.batch.retain(slots);
            }
        }
    }

    /** Tells every listener of {@code lane}; the first decision that ends the trial wins. */
    private static Decision tell(Lane lane, Function<TrainingListener, Decision> call) {
        Decision first = Decision.CONTINUE;
        for (TrainingListener l : lane.listeners) {
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
