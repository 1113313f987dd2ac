package org.ffsweep.core.train;

import ai.djl.ndarray.NDManager;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.TrialCheckpoint;
import org.ffsweep.core.config.Options.Schedule;
import org.ffsweep.core.nn.FFLayer;
import org.ffsweep.core.util.Shuffle;

/**
 * The one training loop of every model kind: walks a {@link StepModel}'s training images by its
 * {@link LoopSettings} (chunked or epochs, train-limit, max-chunks), steps it, records per-layer
 * statistics, evaluates it, times training apart from evaluation, and tells its
 * {@link TrainingListener}s, any of which can end the trial between steps. The step at which a
 * trial ends is always recorded. With {@link Checkpointing} on, it saves the trial's whole state
 * ({@link TrialCheckpoint}) when one is due and when a listener stops the trial, continues from
 * the checkpoint its store holds, and deletes it when the schedule ends: a resumed trial records
 * exactly the steps and evaluations of an uninterrupted one (only the timings differ). No other
 * I/O, no static state; one loop runs one trial.
 */
public final class TrainingLoop<B> {
    private final StepModel<B> model;
    private final LoopSettings settings;
    private final List<TrainingListener> listeners;
    private final NDManager root;
    private final Checkpointing checkpointing;
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<EvalMetrics> evals = new ArrayList<>();
    private long step;
    private long totalSteps;
    private long startNanos;
    private double evalSeconds;
    // Checkpoint state: the model's parts (null when off), where the last step was, the streams
    // before its batch was made, and what of the last step's output only its ending added.
    private ModelParts parts;
    private TrialCheckpoint resume;
    private int[] order;
    private int[] epochOrder;
    private int round;
    private int inRound;
    private long[][] roundStart;
    private int forcedRows;
    private boolean evalSkipped;
    private long lastSaveNanos;

    private TrainingLoop(StepModel<B> model, List<TrainingListener> listeners, NDManager root,
            Checkpointing checkpointing) {
        this.model = model;
        this.settings = model.settings();
        this.listeners = List.copyOf(listeners);
        this.root = root;
        this.checkpointing = checkpointing;
    }

    /**
     * Trains {@code model} to the end of its schedule or until a listener ends it. Per-step
     * arrays live in sub-managers of {@code root}.
     */
    public static <B> TrainingOutcome run(StepModel<B> model, List<TrainingListener> listeners, NDManager root) {
        return run(model, listeners, root, Checkpointing.off());
    }

    /**
     * Trains {@code model} as {@link #run(StepModel, List, NDManager)} does, continuing from the
     * checkpoint in {@code checkpointing}'s store if there is one, and saving checkpoints there.
     * {@code model} must be freshly built from the trial configuration the checkpoint was made by.
     *
     * @throws UncheckedIOException when a checkpoint cannot be read or written
     * @throws IllegalStateException when the checkpoint belongs to another trial or other data
     * @throws UnsupportedOperationException when the model kind, so configured, cannot be checkpointed
     */
    public static <B> TrainingOutcome run(StepModel<B> model, List<TrainingListener> listeners, NDManager root,
            Checkpointing checkpointing) {
        return new TrainingLoop<>(model, listeners, root, checkpointing).run();
    }

    private TrainingOutcome run() {
        startNanos = System.nanoTime();
        lastSaveNanos = startNanos;
        if (checkpointing.enabled()) {
            parts = model.parts();
            resume = checkpointing.load().orElse(null);
        }
        Decision end;
        try (NDManager data = root.newSubManager()) {
            order = initialOrder();
            if (resume != null) {
                restore(resume);
            }
            model.begin(order, data);
            if (resume != null && !resume.evalDue()) {
                long at = step;
                end = tell(l -> l.onResume(at));
            } else {
                end = settings.evalBeforeTraining() && resume == null ? evaluate(null, 0, 0) : Decision.CONTINUE;
            }
            if (!end.ends()) {
                end = settings.schedule() == Schedule.CHUNKED ? chunked(data) : epochs(data);
            }
        }
        finish(end);
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

    private Decision chunked(NDManager data) {
        int batch = Math.min(settings.batchSize(), order.length);
        int chunks = (order.length + batch - 1) / batch;
        if (settings.maxChunks() > 0) {
            chunks = Math.min(chunks, settings.maxChunks());
        }
        totalSteps = (long) chunks * settings.epochs();
        for (int c = resume == null ? 0 : resume.round(); c < chunks; c++) {
            int[] rows = Arrays.copyOfRange(order, c * batch, Math.min(order.length, (c + 1) * batch));
            try (NDManager scope = data.newSubManager()) {
                round = c;
                int firstEpoch = 1;
                B b;
                if (resume != null) {
                    inRound = resume.inRound();
                    firstEpoch = inRound + 1;
                    b = batchAgain(rows, scope);
                    Decision d = pendingEvaluation(b, resume.inRound(), c + 1);
                    if (d.ends()) {
                        return d;
                    }
                } else {
                    b = batch(rows, scope);
                }
                for (int e = firstEpoch; e <= settings.epochs(); e++) {
                    inRound = e;
                    Decision d = stepAndMaybeEvaluate(b, e, c + 1, e == settings.epochs(), c == chunks - 1);
                    if (afterStep(d).ends()) {
                        return d;
                    }
                }
            }
        }
        return Decision.CONTINUE;
    }

    private Decision epochs(NDManager data) {
        int batch = Math.min(settings.batchSize(), order.length);
        int perEpoch = (order.length + batch - 1) / batch;
        totalSteps = (long) settings.epochs() * perEpoch;
        for (int e = resume == null ? 1 : resume.round(); e <= settings.epochs(); e++) {
            round = e;
            int firstBatch = 0;
            if (resume != null) {
                epochOrder = resume.epochOrder();
                firstBatch = resume.inRound() + 1;
                inRound = resume.inRound();
                try (NDManager scope = data.newSubManager()) {
                    B b = batchAgain(rows(epochOrder, inRound, batch), scope);
                    Decision d = pendingEvaluation(b, e, 0);
                    if (d.ends()) {
                        return d;
                    }
                }
            } else {
                epochOrder = Shuffle.shuffled(order, model.orderRandom());
            }
            for (int k = firstBatch; k < perEpoch; k++) {
                try (NDManager scope = data.newSubManager()) {
                    B b = batch(rows(epochOrder, k, batch), scope);
                    inRound = k;
                    Decision d = stepAndMaybeEvaluate(b, e, 0, k == perEpoch - 1, e == settings.epochs());
                    if (afterStep(d).ends()) {
                        return d;
                    }
                }
            }
        }
        return Decision.CONTINUE;
    }

    private static int[] rows(int[] order, int k, int batch) {
        return Arrays.copyOfRange(order, k * batch, Math.min(order.length, (k + 1) * batch));
    }

    /** The model's batch for {@code rows}; with checkpoints on, the streams as they were before it. */
    private B batch(int[] rows, NDManager scope) {
        if (parts != null) {
            roundStart = parts.randomStates();
        }
        return model.batch(rows, scope);
    }

    /**
     * Resuming: the batch of the checkpoint's last step made again from the streams as they were
     * then, and the streams then put where the checkpoint left them.
     */
    private B batchAgain(int[] rows, NDManager scope) {
        parts.restoreRandoms(resume.roundStartRandoms());
        B b = batch(rows, scope);
        parts.restoreRandoms(resume.randoms());
        return b;
    }

    /** Resuming: the evaluation the checkpoint's last step was due and did not run; resuming ends here. */
    private Decision pendingEvaluation(B b, int epoch, int chunk) {
        boolean due = resume.evalDue();
        resume = null;
        return due ? afterStep(evaluate(b, epoch, chunk)) : Decision.CONTINUE;
    }

    /** One step, then an evaluation if one is due. {@code lastRound}: this round is the schedule's last. */
    private Decision stepAndMaybeEvaluate(B b, int epoch, int chunk, boolean roundEnd, boolean lastRound) {
        boolean end = roundEnd && lastRound;
        Decision d = step(b, epoch, chunk, roundEnd, end);
        boolean due = end || (settings.evalEverySteps() > 0 ? step % settings.evalEverySteps() == 0 : roundEnd);
        evalSkipped = d.ends() && due;
        if (d.ends()) {
            return d;
        }
        return due ? evaluate(b, epoch, chunk) : Decision.CONTINUE;
    }

    /** Saves a checkpoint when one is due or a listener stopped the trial; returns {@code d}. */
    private Decision afterStep(Decision d) {
        if (parts == null || d.action() == Decision.Action.DIVERGE) {
            return d;
        }
        long now = System.nanoTime();
        if (d.action() == Decision.Action.STOP || checkpointing.due(step, Duration.ofNanos(now - lastSaveNanos))) {
            save();
        }
        return d;
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
            List<StepMetrics> added = d.ends() && !record ? rows(stats, losses, epoch, chunk) : rows;
            forcedRows = record ? 0 : added.size();
            steps.addAll(added);
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
                s.validationAccuracy(), s.test().distinctPredictions(), s.test().collapsed(), secs);
        evals.add(m);
        double elapsed = elapsed();
        return tell(l -> l.onEval(m, elapsed));
    }

    /**
     * Puts the parameters, optimizers, counters and records of {@code cp} in place. The streams stay
     * as built: {@link StepModel#begin} draws from them as it did when the trial started, and
     * {@link #batchAgain} then restores them.
     */
    private void restore(TrialCheckpoint cp) {
        if (!Arrays.equals(order, cp.order())) {
            throw new IllegalStateException("the checkpoint of trial " + cp.trialId() + " was made with another"
                    + " order of the training images (other data or another version): it cannot be continued");
        }
        parts.restore(cp.parameters(), cp.optimizers());
        step = cp.step(); // the streams are restored after begin() and the batch (batchAgain)
        steps.addAll(cp.steps());
        evals.addAll(cp.evals());
        evalSeconds = cp.evalSeconds();
        startNanos -= (long) ((cp.trainSeconds() + cp.evalSeconds()) * 1e9);
    }

    private void save() {
        double total = elapsed();
        checkpointing.save(new TrialCheckpoint(checkpointing.trialId(), step, round, inRound, order,
                settings.schedule() == Schedule.EPOCHS ? epochOrder : null, roundStart, parts.randomStates(),
                parts.parameterValues(), parts.optimizerStates(), evalSkipped,
                steps.subList(0, steps.size() - forcedRows), evals, total - evalSeconds, evalSeconds));
        lastSaveNanos = System.nanoTime();
    }

    /** A finished trial's checkpoint is deleted, or kept (as of its last step); a stopped one's stays. */
    private void finish(Decision end) {
        if (parts == null || end.action() == Decision.Action.STOP) {
            return;
        }
        if (!checkpointing.keep()) {
            checkpointing.delete();
        } else if (end.action() == Decision.Action.CONTINUE && step > 0) {
            save();
        }
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
