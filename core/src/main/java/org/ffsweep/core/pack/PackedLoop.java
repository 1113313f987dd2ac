package org.ffsweep.core.pack;

import ai.djl.ndarray.NDManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.TrialCheckpoint;
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
 *
 * <p>Each trial may have its own {@link Checkpointing}, in the format of a solo trial
 * ({@link TrialCheckpoint}, as {@code train.TrainingLoop} writes and reads it): a trial saves when
 * a save is due for it and when a listener stops it (before it leaves the pack), and its
 * checkpoint is deleted (or kept) when its schedule ends. The trials of one loop either all
 * start afresh or all continue from checkpoints made after the same step with the same pending
 * evaluation ({@link PackRunner} groups them so); each continues as its solo run would.
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
    private int round;
    private int inRound;
    /** The first lane's checkpoint while continuing (every lane's is at the same place), else null. */
    private TrialCheckpoint resume;

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
        final Checkpointing checkpointing;
        /** The checkpoint it continues from (null: it starts afresh), until its pending evaluation. */
        TrialCheckpoint resume;
        /** Training and evaluation time before this run (from its checkpoint). */
        double earlierSeconds;
        long[][] roundStart;
        int forcedRows;
        boolean evalSkipped;
        long lastSaveNanos;

        Lane(List<TrainingListener> listeners, Checkpointing checkpointing, TrialCheckpoint resume) {
            this.listeners = List.copyOf(listeners);
            this.checkpointing = checkpointing;
            this.resume = resume;
        }
    }

    private PackedLoop(PackedModel model, List<List<TrainingListener>> listeners, List<Checkpointing> checkpointing,
            List<TrialCheckpoint> resumes, NDManager root) {
        this.model = model;
        this.settings = model.settings();
        this.root = root;
        for (int t = 0; t < listeners.size(); t++) {
            Lane lane = new Lane(listeners.get(t), checkpointing.get(t), resumes.get(t));
            lanes.add(lane);
            active.add(lane);
        }
        this.resume = resumes.get(0);
        for (TrialCheckpoint cp : resumes) {
            if ((cp == null) != (resume == null) || cp != null && (cp.step() != resume.step()
                    || cp.round() != resume.round() || cp.inRound() != resume.inRound()
                    || cp.evalDue() != resume.evalDue())) {
                throw new IllegalArgumentException("the trials of a pack must all start afresh or all continue from"
                        + " the same place (step, pending evaluation)");
            }
        }
    }

    /**
     * Trains the trials of {@code model} (slot i with {@code listeners.get(i)}) to the end of
     * their schedule or until a listener ends them; their outcomes, in slot order.
     */
    static List<TrainingOutcome> run(PackedModel model, List<List<TrainingListener>> listeners, NDManager root) {
        List<Checkpointing> off = new ArrayList<>();
        List<TrialCheckpoint> none = new ArrayList<>();
        for (int t = 0; t < listeners.size(); t++) {
            off.add(Checkpointing.off());
            none.add(null);
        }
        return run(model, listeners, off, none, root);
    }

    /**
     * As {@link #run(PackedModel, List, NDManager)}, slot i saving checkpoints by
     * {@code checkpointing.get(i)} and continuing from {@code resumes.get(i)} (all null, or all
     * made after the same step with the same pending evaluation, by the trials' own configurations).
     */
    static List<TrainingOutcome> run(PackedModel model, List<List<TrainingListener>> listeners,
            List<Checkpointing> checkpointing, List<TrialCheckpoint> resumes, NDManager root) {
        if (listeners.size() != model.trials() || checkpointing.size() != model.trials()
                || resumes.size() != model.trials()) {
            throw new IllegalArgumentException("need one listener list, checkpointing and checkpoint (or null) per"
                    + " trial: " + model.trials() + " trials, " + listeners.size() + " lists");
        }
        return new PackedLoop(model, listeners, checkpointing, resumes, root).run();
    }

    private List<TrainingOutcome> run() {
        startNanos = System.nanoTime();
        try (NDManager data = root.newSubManager()) {
            int[][] orders = new int[active.size()][];
            for (int t = 0; t < orders.length; t++) {
                orders[t] = initialOrder(t);
                active.get(t).order = orders[t];
            }
            if (resume != null) {
                restore();
            }
            model.begin(orders, data);
            Holder none = new Holder(null);
            if (resume != null && !resume.evalDue()) {
                Decision[] decisions = new Decision[active.size()];
                for (int t = 0; t < decisions.length; t++) {
                    decisions[t] = tell(active.get(t), l -> l.onResume(step));
                }
                leave(decisions, none, false); // stopped where its checkpoint is: nothing to save
            } else if (settings.evalBeforeTraining() && resume == null) {
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
            finish(l);
            out.add(new TrainingOutcome(l.steps, l.evals, l.stepsRun, l.endSeconds + l.earlierSeconds - l.evalSeconds,
                    l.evalSeconds, l.ending));
        }
        return out;
    }

    /**
     * Continuing: every lane's parameters, optimizer states, counters and records from its
     * checkpoint. The streams stay as built: {@code begin} draws from them as at the trial's
     * start, and {@link #batchAgain} then restores them.
     */
    private void restore() {
        List<List<float[]>> parameters = new ArrayList<>();
        List<List<org.ffsweep.core.nn.Adam.State>> optimizers = new ArrayList<>();
        for (Lane l : active) {
            TrialCheckpoint cp = l.resume;
            if (!Arrays.equals(l.order, cp.order())) {
                throw new IllegalStateException("the checkpoint of trial " + cp.trialId() + " was made with another"
                        + " order of the training images (other data or another version): it cannot be continued");
            }
            parameters.add(cp.parameters());
            optimizers.add(cp.optimizers());
            l.steps.addAll(cp.steps());
            l.evals.addAll(cp.evals());
            l.evalSeconds = cp.evalSeconds();
            l.earlierSeconds = cp.trainSeconds() + cp.evalSeconds();
        }
        model.network().restore(parameters, optimizers);
        step = resume.step();
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
        for (int c = resume == null ? 0 : resume.round(); c < chunks; c++) {
            int from = c * batch;
            int to = Math.min(length, (c + 1) * batch);
            try (NDManager scope = data.newSubManager()) {
                round = c;
                int firstEpoch = 1;
                Holder b;
                if (resume != null) {
                    inRound = resume.inRound();
                    firstEpoch = inRound + 1;
                    b = batchAgain(rows(l -> l.order, from, to), scope);
                    pendingEvaluation(b, inRound, c + 1);
                } else {
                    b = batch(rows(l -> l.order, from, to), scope);
                }
                for (int e = firstEpoch; e <= settings.epochs() && !active.isEmpty(); e++) {
                    inRound = e;
                    stepAndMaybeEvaluate(b, e, c + 1, e == settings.epochs(), c == chunks - 1);
                }
                if (active.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void epochs(NDManager data) {
        int length = active.get(0).order.length;
        int batch = Math.min(settings.batchSize(), length);
        int perEpoch = (length + batch - 1) / batch;
        totalSteps = (long) settings.epochs() * perEpoch;
        for (int e = resume == null ? 1 : resume.round(); e <= settings.epochs(); e++) {
            round = e;
            int firstBatch = 0;
            if (resume != null) {
                for (Lane l : active) {
                    l.epochOrder = l.resume.epochOrder();
                }
                inRound = resume.inRound();
                firstBatch = inRound + 1;
                int from = inRound * batch;
                int to = Math.min(length, (inRound + 1) * batch);
                try (NDManager scope = data.newSubManager()) {
                    pendingEvaluation(batchAgain(rows(l -> l.epochOrder, from, to), scope), e, 0);
                }
                if (active.isEmpty()) {
                    return;
                }
            } else {
                for (int t = 0; t < active.size(); t++) {
                    active.get(t).epochOrder = Shuffle.shuffled(active.get(t).order, model.orderRandom(t));
                }
            }
            for (int k = firstBatch; k < perEpoch; k++) {
                int from = k * batch;
                int to = Math.min(length, (k + 1) * batch);
                try (NDManager scope = data.newSubManager()) {
                    Holder b = batch(rows(l -> l.epochOrder, from, to), scope);
                    inRound = k;
                    stepAndMaybeEvaluate(b, e, 0, k == perEpoch - 1, e == settings.epochs());
                    if (active.isEmpty()) {
                        return;
                    }
                }
            }
        }
    }

    /** The pack's batch for each lane's rows; each lane's streams as they were before it are kept (checkpoints). */
    private Holder batch(int[][] rows, NDManager scope) {
        for (int t = 0; t < active.size(); t++) {
            active.get(t).roundStart = states(t);
        }
        return new Holder(model.batch(rows, scope));
    }

    /**
     * Continuing: the batch of the checkpoints' last step made again from each lane's streams as
     * they were then, and the streams then put where the checkpoints left them.
     */
    private Holder batchAgain(int[][] rows, NDManager scope) {
        for (int t = 0; t < active.size(); t++) {
            restoreStates(t, active.get(t).resume.roundStartRandoms());
        }
        Holder b = batch(rows, scope);
        for (int t = 0; t < active.size(); t++) {
            restoreStates(t, active.get(t).resume.randoms());
        }
        return b;
    }

    /** Continuing: the evaluation the checkpoints' last step was due and did not run; continuing ends here. */
    private void pendingEvaluation(Holder b, int epoch, int chunk) {
        boolean due = resume.evalDue();
        resume = null;
        for (Lane l : active) {
            l.resume = null;
        }
        if (due) {
            evaluate(b, epoch, chunk);
            saveDue();
        }
    }

    private long[][] states(int slot) {
        List<org.ffsweep.core.util.SavableRandom> r = model.randoms(slot);
        long[][] s = new long[r.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.get(i).state();
        }
        return s;
    }

    private void restoreStates(int slot, long[][] states) {
        List<org.ffsweep.core.util.SavableRandom> r = model.randoms(slot);
        if (states.length != r.size()) {
            throw new IllegalStateException("the checkpoint holds " + states.length + " random streams, the model "
                    + r.size());
        }
        for (int i = 0; i < states.length; i++) {
            r.get(i).restore(states[i]);
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
        saveDue();
    }

    private void step(Holder b, int epoch, int chunk, boolean roundEnd, boolean end) {
        step++;
        boolean evalDue = end || (settings.evalEverySteps() > 0 ? step % settings.evalEverySteps() == 0 : roundEnd);
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
                List<StepMetrics> added = d.ends() && !record ? rows(loss, pos, neg, t, epoch, chunk) : rows;
                lane.forcedRows = record ? 0 : added.size();
                lane.steps.addAll(added);
                lane.evalSkipped = d.ends() && evalDue;
                decisions[t] = d;
            }
        }
        leave(decisions, b, true);
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
                    s.validationAccuracy(), s.test().distinctPredictions(), s.test().collapsed(), secs);
            Lane lane = active.get(t);
            lane.evals.add(m);
            lane.evalSeconds += secs;
            decisions[t] = tell(lane, l -> l.onEval(m, elapsed));
        }
        leave(decisions, b, true);
    }

    /**
     * The lanes whose decision ends them leave the pack: their slots are dropped from the model and
     * the batch. A lane a listener stopped first saves its checkpoint when {@code save} (a paused
     * trial can be continued, alone or in another pack).
     */
    private void leave(Decision[] decisions, Holder b, boolean save) {
        List<Long> kept = new ArrayList<>();
        double now = elapsed();
        for (int t = 0; t < decisions.length; t++) {
            if (decisions[t].ends()) {
                Lane lane = active.get(t);
                lane.ending = decisions[t];
                lane.stepsRun = step;
                lane.endSeconds = now;
                if (save && decisions[t].action() == Decision.Action.STOP && lane.checkpointing.enabled()) {
                    save(lane, t);
                }
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

    /** Saves the checkpoint of every lane still training whose save is due after this step. */
    private void saveDue() {
        long now = System.nanoTime();
        for (int t = 0; t < active.size(); t++) {
            Lane lane = active.get(t);
            if (lane.checkpointing.due(step, Duration.ofNanos(now - (lane.lastSaveNanos == 0 ? startNanos
                    : lane.lastSaveNanos)))) {
                save(lane, t);
            }
        }
    }

    /** Writes the checkpoint of {@code lane} (in {@code slot}), in a solo trial's format. */
    private void save(Lane lane, int slot) {
        double total = (Double.isNaN(lane.endSeconds) ? elapsed() : lane.endSeconds) + lane.earlierSeconds;
        Checkpointing cp = lane.checkpointing;
        cp.save(new TrialCheckpoint(cp.trialId(), step, round, inRound, lane.order,
                settings.schedule() == Schedule.EPOCHS ? lane.epochOrder : null, lane.roundStart, states(slot),
                model.network().parameterValues(slot), model.network().optimizerStates(slot), lane.evalSkipped,
                lane.steps.subList(0, lane.steps.size() - lane.forcedRows), lane.evals, total - lane.evalSeconds,
                lane.evalSeconds));
        lane.lastSaveNanos = System.nanoTime();
    }

    /** A finished lane's checkpoint is deleted, or kept (as of its last step); a stopped one's stays. */
    private void finish(Lane lane) {
        if (!lane.checkpointing.enabled() || lane.ending.action() == Decision.Action.STOP) {
            return;
        }
        if (!lane.checkpointing.keep()) {
            lane.checkpointing.delete();
        } else if (lane.ending.action() == Decision.Action.CONTINUE && step > 0) {
            save(lane, active.indexOf(lane));
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
