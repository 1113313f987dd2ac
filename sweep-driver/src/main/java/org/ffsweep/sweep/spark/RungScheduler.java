package org.ffsweep.sweep.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.pack.PackKey;
import org.ffsweep.core.run.DecisionRecord;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.sweep.grid.PackingSettings;
import org.ffsweep.sweep.grid.SchedulerSettings;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.grid.TrialSpec;
import org.ffsweep.sweep.output.HadoopCheckpointStore;
import org.ffsweep.sweep.output.ResultStore;
import org.ffsweep.sweep.output.RungLedger;
import org.ffsweep.sweep.schedule.RungDecisions;
import org.ffsweep.sweep.schedule.RungReport;
import org.ffsweep.sweep.schedule.RungStop;

/**
 * Runs a sweep's trials in segments, rung to rung ({@code ffsweep.sweep.scheduler}): each
 * segment is one Spark job that continues the trial from its checkpoint and pauses it at its next
 * rung; its report is kept ({@link RungLedger}) before anything is decided from it; the decisions
 * at every rung are then recomputed from all the reports kept ({@link RungDecisions}, in the
 * sweep's trial order), so they never depend on when jobs ended, and a sweep killed and run again
 * decides as an uninterrupted run. A promoted trial's next segment continues from its
 * checkpoint; a stopped one gets its rows (status {@code stopped}, the metrics of its rung) and
 * its checkpoint is deleted (unless kept). A trial is alive at a rung if it was promoted at the
 * one before (every trial at rung 0) and either reported there or has not ended: a trial that
 * ends (its schedule is done before the rung, it diverged or failed) leaves the rungs it did not
 * reach.
 *
 * <p>With packing on ({@code ffsweep.sweep.packing}), the segments ready at one moment whose trials
 * share a {@link PackKey} and pause at the same rung (or all run to their ends) train as one pack
 * job, at most the planner's pack size for that key (measured once per sweep run, at most
 * {@code max-trials}) and at most their share of the free job slots; each trial of a pack
 * continues from its own checkpoint, stops at the rung with its own listener and saves its own
 * checkpoint, so the survivors of a rung are packed again at the next. A pack changes a trial's
 * numbers only by float rounding, and {@link RungReport} compares them on grids coarser than that
 * (docs/pruning.md, "Packs and decisions", says when a packed run may still decide otherwise).
 * Driver only.
 */
final class RungScheduler {
    private final JavaSparkContext jsc;
    private final SweepPlan plan;
    private final ResultStore store;
    private final RungLedger ledger;
    private final SchedulerSettings sched;
    private final SparkTrialTask.Checkpoints checkpoints;
    private final PackingSettings packing;
    /** Trials per pack, by the shape of their trials (measured when first needed). */
    private final Map<PackKey, Integer> packSizes = new HashMap<>();
    private int inFlight;
    private final PrintStream progress;
    private final Runnable afterTrialStored;
    private final SweepListener listener;
    private final long t0;
    private final List<String> order = new ArrayList<>();
    private final Map<String, TrialSpec> specs = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    private final Set<String> running = new HashSet<>();
    private final Set<String> lost = new HashSet<>();
    /** rung to trial to its report, and the outcome that paused it there. */
    private final Map<Integer, Map<String, RungReport>> reports = new HashMap<>();
    private final Map<String, Map<Integer, TaskOutcome>> outcomes;
    private final Set<String> written;
    /** The decisions as last recomputed: rung to trial to decision. */
    private Map<Integer, Map<String, RungDecisions.Decision>> decisions = new HashMap<>();
    private int stored;
    private int failed;
    private int todo;

    /** Stands for the trials that may still join a rung; never a trial id (those are hex). */
    private static final String PENDING = "(pending)";

    private record Ended(String trialId, RungStop rung, TaskOutcome outcome) {}

    /**
     * A job's trials (one, or a pack), the rung they pause at (null: to their ends), and their
     * outcomes (null: lost).
     */
    private record Job(List<TrialSpec> trials, RungStop rung, List<TaskOutcome> outcomes) {}

    private RungScheduler(JavaSparkContext jsc, SweepPlan plan, ResultStore store, SchedulerSettings sched,
            SparkTrialTask.Checkpoints checkpoints, PackingSettings packing, SweepListener listener,
            PrintStream progress, Runnable afterTrialStored, long t0) {
        this.jsc = jsc;
        this.plan = plan;
        this.store = store;
        this.sched = sched;
        this.checkpoints = checkpoints;
        this.packing = packing;
        this.listener = listener;
        this.progress = progress;
        this.afterTrialStored = afterTrialStored;
        this.t0 = t0;
        this.ledger = new RungLedger(store.root(), jsc.hadoopConfiguration());
        this.outcomes = ledger.reports();
        this.written = ledger.decided();
    }

    /**
     * Runs the sweep's trials not in {@code finishedBefore} to their rungs and ends, {@code jobs}
     * jobs (segments, or packs of them by {@code packing}) at once.
     */
    static SparkSweepRunner.Summary run(JavaSparkContext jsc, SweepPlan plan, ResultStore store,
            Set<String> finishedBefore, SchedulerSettings sched, SparkTrialTask.Checkpoints checkpoints,
            PackingSettings packing, int jobs, RuntimeConfig runtime, String dataSettings, StopSignal stop,
            SweepListener listener, ExecutorService pool, PrintStream progress, Runnable afterTrialStored, long t0)
            throws Exception {
        RungScheduler s = new RungScheduler(jsc, plan, store, sched, checkpoints, packing, listener, progress,
                afterTrialStored, t0);
        for (TrialSpec t : plan.trials()) {
            s.order.add(t.trialId());
            s.specs.put(t.trialId(), t);
        }
        s.finished.addAll(finishedBefore);
        s.todo = plan.trials().size() - finishedBefore.size();
        s.outcomes.forEach((id, byRung) -> byRung.forEach((k, o) -> s.reports.computeIfAbsent(k, x -> new HashMap<>())
                .put(id, s.report(o, sched.rungStep(k)))));
        progress.printf(Locale.ROOT, "scheduler: %s; %d rung report(s) kept from before%n", sched.describe(),
                s.outcomes.values().stream().mapToInt(Map::size).sum());
        s.decide();
        LinkedBlockingQueue<Job> ended = new LinkedBlockingQueue<>();
        while (true) {
            if (!stop.requested()) {
                for (List<Map.Entry<String, RungStop>> unit : s.units(s.ready(), jobs, runtime, dataSettings, stop)) {
                    if (s.inFlight >= jobs) {
                        break;
                    }
                    List<TrialSpec> trials = unit.stream().map(e -> s.specs.get(e.getKey())).toList();
                    RungStop rung = unit.get(0).getValue();
                    trials.forEach(t -> s.running.add(t.trialId()));
                    s.inFlight++;
                    if (trials.size() > 1) {
                        progress.printf(Locale.ROOT, "%s: pack of %d trials %s%n", rung == null ? "to their ends"
                                : "rung " + rung.rung() + " (step " + rung.step() + ")", trials.size(),
                                String.join("+", trials.stream().map(TrialSpec::trialId).toList()));
                    }
                    pool.submit(() -> {
                        ended.add(new Job(trials, rung, segments(jsc, trials, rung, runtime, dataSettings,
                                checkpoints, stop, progress)));
                        return null;
                    });
                }
            }
            if (s.inFlight == 0) {
                break;
            }
            Job job = ended.poll(1, TimeUnit.SECONDS);
            if (job == null) {
                if (stop.requested()) {
                    jsc.cancelJobGroup(SparkSweepRunner.JOB_GROUP);
                }
                continue;
            }
            s.inFlight--;
            for (int i = 0; i < job.trials().size(); i++) {
                String id = job.trials().get(i).trialId();
                s.running.remove(id);
                if (job.outcomes() == null) {
                    if (!stop.requested()) {
                        s.lost.add(id);
                    }
                    continue;
                }
                s.ended(new Ended(id, job.rung(), job.outcomes().get(i)));
            }
            s.decide();
        }
        int left = s.todo - s.stored;
        return new SparkSweepRunner.Summary(plan.trials().size(), finishedBefore.size(), s.todo, s.stored, s.failed,
                stop.requested() ? 0 : left, stop.requested(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The ready segments ({@link #ready}, in its order) as jobs: alone, or with packing on, those
     * of one {@link PackKey} and one rung cut into packs of at most the key's pack size and at
     * most their share of the {@code jobs - inFlight} free slots; units in the order of their first segment.
     */
    private List<List<Map.Entry<String, RungStop>>> units(Map<String, RungStop> ready, int jobs,
            RuntimeConfig runtime, String dataSettings, StopSignal stop) {
        Map<Object, List<Map.Entry<String, RungStop>>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, RungStop> e : ready.entrySet()) {
            TrialSpec spec = specs.get(e.getKey());
            Object shape = packing.enabled() && spec.config().model().kind() == ModelKind.FF
                    ? PackKey.of(spec.config()) : e.getKey();
            groups.computeIfAbsent(List.of(shape, rungOf(e.getValue())), k -> new ArrayList<>()).add(e);
        }
        int free = Math.max(1, jobs - inFlight);
        List<List<Map.Entry<String, RungStop>>> units = new ArrayList<>();
        for (List<Map.Entry<String, RungStop>> group : groups.values()) {
            int size = 1;
            if (group.size() > 1) {
                TrialSpec first = specs.get(group.get(0).getKey());
                int most = packSizes.computeIfAbsent(PackKey.of(first.config()), k -> SparkSweepRunner.packSize(jsc,
                        first, sameShape(k), runtime, dataSettings, packing, jobs, stop, progress));
                size = Math.max(1, Math.min(most, (group.size() + free - 1) / free));
            }
            for (int i = 0; i < group.size(); i += size) {
                units.add(List.copyOf(group.subList(i, Math.min(group.size(), i + size))));
            }
        }
        List<String> readyOrder = new ArrayList<>(ready.keySet());
        units.sort(java.util.Comparator.comparingInt(u -> readyOrder.indexOf(u.get(0).getKey())));
        return units;
    }

    /** How many of the trials this run trains share {@code key}. */
    private int sameShape(PackKey key) {
        int n = 0;
        for (String id : order) {
            TrialSpec t = specs.get(id);
            if (!finished.contains(id) && t.config().model().kind() == ModelKind.FF
                    && PackKey.of(t.config()).equals(key)) {
                n++;
            }
        }
        return n;
    }

    /**
     * One job of {@code trials}' segments (one trial, or a pack) as a Spark job (submitted again
     * when Spark gives up): their outcomes in order, or null if it could not run.
     */
    private static List<TaskOutcome> segments(JavaSparkContext jsc, List<TrialSpec> trials, RungStop rung,
            RuntimeConfig runtime, String dataSettings, SparkTrialTask.Checkpoints checkpoints, StopSignal stop,
            PrintStream progress) {
        String ids = String.join("+", trials.stream().map(TrialSpec::trialId).toList());
        String what = (trials.size() == 1 ? "trial " : "pack ") + ids + (rung == null ? " to its end"
                : " to rung " + rung.rung() + " (step " + rung.step() + ")");
        for (int job = 1; ; job++) {
            if (stop.requested()) {
                return null;
            }
            try {
                // a pack's job is named by its trials' ids joined by '+' (progress: "started a+b+c")
                jsc.setJobGroup(SparkSweepRunner.JOB_GROUP, SweepListener.TRIAL_JOB
                        + (trials.size() == 1 ? trials.get(0).describe() : ids), true);
                return jsc.parallelize(List.of(trials), 1)
                        .map(u -> SparkTrialTask.runSegments(u, runtime, dataSettings, checkpoints, rung))
                        .collect().get(0);
            } catch (Exception e) {
                if (stop.requested()) {
                    return null;
                }
                if (job >= SparkSweepRunner.JOBS_PER_TRIAL) {
                    progress.printf(Locale.ROOT, "%s lost: Spark gave up on it %d times (%s); it runs again next"
                            + " time%n", what, job, e.getMessage() == null ? e.getClass().getName()
                            : e.getMessage().lines().findFirst().orElse(""));
                    return null;
                }
                progress.printf(Locale.ROOT, "%s: Spark gave up on its job; submitting it again (%d of %d)%n", what,
                        job + 1, SparkSweepRunner.JOBS_PER_TRIAL);
            }
        }
    }

    /** A segment ended: a pause at its rung is kept as the trial's report; any other ending is the trial's end. */
    private void ended(Ended e) {
        TaskOutcome o = e.outcome();
        RungStop rung = e.rung();
        if (rung != null && o.result() != null && o.status() == TrialStatus.STOPPED
                && rung.reason().equals(o.result().message())) {
            ledger.writeReport(e.trialId(), rung.rung(), o);
            outcomes.computeIfAbsent(e.trialId(), k -> new HashMap<>()).put(rung.rung(), o);
            RungReport r = report(o, rung.step());
            reports.computeIfAbsent(rung.rung(), k -> new HashMap<>()).put(e.trialId(), r);
            progress.printf(Locale.ROOT, "rung %d (step %d): trial %s reports %s%n", rung.rung(), rung.step(),
                    e.trialId(), describe(r));
            return;
        }
        // a trial that ran its whole schedule needs no note, even when its next rung was past its end
        store(o, rung == null || o.status() == TrialStatus.COMPLETED
                || o.result() != null && o.result().steps() >= rung.step() ? ""
                : " (ended before rung " + rung.rung() + ")");
    }

    /** Writes a trial's rows, its times totalled over its segments ({@link #overSegments}), and says so. */
    private void store(TaskOutcome last, String note) {
        TaskOutcome o = overSegments(last);
        store.write(plan.name(), o);
        finished.add(o.spec().trialId());
        stored++;
        if (o.status() == TrialStatus.FAILED) {
            failed++;
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        progress.printf(Locale.ROOT, "[%d/%d] %s %s %s%s | running %d, failed %d | %.0f s elapsed%n", stored, todo,
                o.spec().trialId(), o.status().key(), o.result() == null ? o.errorClass()
                        : String.format(Locale.ROOT, "validation %s test %.2f%% at step %d",
                                format(o.result().validationAccuracy()), 100 * o.result().testAccuracy(),
                                o.result().steps()), note, listener.running(), failed, elapsed);
        synchronized (afterTrialStored) {
            afterTrialStored.run();
        }
    }

    /**
     * {@code last}, the outcome that ended a trial, with its times totalled over the trial's
     * segments: the ones that paused it at its rungs (their outcomes are kept in the ledger, so a
     * rerun finds them) and {@code last} if it is not one of them. {@code seconds_task},
     * {@code seconds_data} and {@code seconds_setup} are summed, {@code started_at} is the first
     * segment's start. {@code seconds_train} and {@code seconds_eval} are already totals: the
     * trial's checkpoint carries them from segment to segment. A segment cut short by a kill is
     * not counted (its steps after the checkpoint are trained again in a later segment).
     */
    TaskOutcome overSegments(TaskOutcome last) {
        List<TaskOutcome> segments = new ArrayList<>(outcomes.getOrDefault(last.spec().trialId(), Map.of()).values());
        if (segments.stream().noneMatch(x -> x == last)) {
            segments.add(last);
        }
        if (segments.size() == 1) {
            return last;
        }
        double task = 0;
        double data = 0;
        double setup = 0;
        long started = last.startedAtMillis();
        for (TaskOutcome x : segments) {
            task += x.seconds();
            started = Math.min(started, x.startedAtMillis());
            if (x.result() != null) {
                data += x.result().phaseSeconds().getOrDefault(Phase.DATA, 0.0);
                setup += x.result().phaseSeconds().getOrDefault(Phase.SETUP, 0.0);
            }
        }
        TrialResult r = last.result() == null ? null
                : last.result().withPhase(Phase.DATA, data).withPhase(Phase.SETUP, setup);
        return new TaskOutcome(last.spec(), r, last.errorClass(), last.errorMessage(), last.where(), started,
                last.endedAtMillis(), task, last.execution());
    }

    /**
     * Recomputes every rung's decisions from the reports, writes the new ones, and ends the trials
     * stopped. A rung considers its trials in the sweep's order only up to the first trial whose
     * decision at the rung before is still to come (it may yet join), and is complete only when the
     * rung before is: so a decision, once made, is the one an uninterrupted run makes, however
     * the jobs were timed.
     */
    private void decide() {
        decisions = new HashMap<>();
        List<String> previous = order;
        for (int k = 0; sched.rungStep(k) > 0; k++) {
            Map<String, RungReport> at = reports.getOrDefault(k, Map.of());
            Map<String, RungDecisions.Decision> before = decisions.get(k - 1);
            List<String> alive = new ArrayList<>();
            Map<String, RungDecisions.Report> ranked = new HashMap<>();
            boolean pending = false;
            for (String id : previous) {
                if (k > 0 && !before.containsKey(id)) {
                    pending = true; // it, and every trial after it, may join this rung later
                    break;
                }
                boolean promoted = k == 0 || before.get(id).promoted();
                if (promoted && (at.containsKey(id) || !finished.contains(id))) {
                    alive.add(id);
                    if (at.containsKey(id)) {
                        ranked.put(id, at.get(id).ranked(sched.metric()));
                    }
                }
            }
            if (alive.isEmpty()) {
                break;
            }
            List<String> considered = new ArrayList<>(alive);
            if (pending) {
                considered.add(PENDING); // never reports: the rung is not complete
            }
            Map<String, RungDecisions.Decision> here = new LinkedHashMap<>();
            for (RungDecisions.Decision d : RungDecisions.decide(sched.asha(), sched.reductionFactor(),
                    sched.guarded(k), considered, ranked)) {
                here.put(d.trialId(), d);
                apply(k, d, at.get(d.trialId()), alive.size());
            }
            decisions.put(k, here);
            previous = alive;
        }
    }

    private void apply(int k, RungDecisions.Decision d, RungReport r, int alive) {
        String id = d.trialId();
        long step = sched.rungStep(k);
        if (written.add(id + "/" + k)) {
            ledger.writeDecision(id, new DecisionRecord(k, step, sched.metric().key(), r.value(), r.tieBreak(),
                    d.promoted(), Instant.now()));
            progress.printf(Locale.ROOT, "rung %d (step %d): trial %s %s (%s; %s; %d at the rung so far)%n", k,
                    step, id, d.promoted() ? "promoted" : "stopped", d.reason(), describe(r), alive);
        }
        if (!d.promoted() && !finished.contains(id)) {
            store(outcomes.get(id).get(k), " at rung " + k);
            if (!checkpoints.settings().keep()) {
                try {
                    HadoopCheckpointStore.forTrial(store.root(), id, jsc.hadoopConfiguration())
                            .delete(Checkpointing.NAME);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete the checkpoint of stopped trial " + id, e);
                }
            }
        }
    }

    /**
     * The trials whose next segment can run now, with the rung it pauses at (null: to the end),
     * those at later rungs first, then in the sweep's order.
     */
    private Map<String, RungStop> ready() {
        List<Map.Entry<String, RungStop>> out = new ArrayList<>();
        for (String id : order) {
            if (finished.contains(id) || running.contains(id) || lost.contains(id)) {
                continue;
            }
            int k = 0;
            while (reports.getOrDefault(k, Map.of()).containsKey(id)) {
                k++;
            }
            if (k > 0) {
                RungDecisions.Decision d = decisions.getOrDefault(k - 1, Map.of()).get(id);
                if (d == null || !d.promoted()) {
                    continue; // waiting for its decision
                }
            }
            long step = sched.rungStep(k);
            out.add(new java.util.AbstractMap.SimpleEntry<>(id, step > 0 ? new RungStop(k, step) : null));
        }
        out.sort((a, b) -> Integer.compare(rungOf(b.getValue()), rungOf(a.getValue())));
        Map<String, RungStop> m = new LinkedHashMap<>();
        out.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** The trial's report at {@code step} from the outcome that paused it there. */
    private RungReport report(TaskOutcome o, long step) {
        return RungReport.of(sched.metric(), o.result(), step, o.spec().config().ff().threshold());
    }

    /** {@code validation-accuracy-then-separation 0.1130 (separation +0.00123)}, as compared. */
    private String describe(RungReport r) {
        return sched.metric().key() + " " + format(r.value()) + (sched.metric()
                == SchedulerSettings.Metric.VALIDATION_ACCURACY_THEN_SEPARATION ? String.format(Locale.ROOT,
                " (separation %s)", Double.isNaN(r.tieBreak()) ? "none" : String.format(Locale.ROOT, "%+.5f",
                r.tieBreak())) : "");
    }

    private static int rungOf(RungStop r) {
        return r == null ? Integer.MAX_VALUE : r.rung();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%.4f", v);
    }
}
