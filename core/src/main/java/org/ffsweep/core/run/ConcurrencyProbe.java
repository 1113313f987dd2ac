package org.ffsweep.core.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.TrainingListener;

/**
 * Chooses how many trials one JVM trains at once ({@code ffsweep.runtime.concurrent-trials =
 * auto}) by measuring, not assuming: for T = 1, 2, 4, ... up to the cores, T copies of a trial
 * train on T threads with cores / T libtorch threads each for a short while (in {@link #ROUNDS}
 * interleaved rounds, pooled), and the T with the most training steps per second over the time all
 * T were stepping wins. A larger T must beat
 * every smaller one by {@link #MARGIN}, so the choice is never slower than one at a time as far as
 * the measurement can tell. The copies run the real training loop, evaluations included. A
 * {@link MeasurementCache} keeps the choice per shape and machine for later sweeps, when the rounds
 * of every number agreed within {@link #STEADY}.
 */
public final class ConcurrencyProbe {
    /** How much faster a larger number of trials at once must measure to be chosen. */
    static final double MARGIN = 1.05;
    /** Steps each copy takes at least, whatever the time. */
    static final int MIN_STEPS = 3;
    /** Interleaved rounds each number of trials is measured in (each for its share of the time). */
    static final int ROUNDS = 2;
    /** How far apart (a ratio) the rounds of one number of trials may measure for the choice to be kept. */
    static final double STEADY = 1.3;

    private ConcurrencyProbe() {}

    /**
     * One measured setting.
     *
     * @param trials trials at once
     * @param threadsEach libtorch threads of each
     * @param steps training steps counted (all trials, inside the window)
     * @param seconds the window: from the moment every trial had taken its first step to the
     *     moment the first of them stopped
     * @param stepsPerSecond steps over seconds: the throughput compared
     */
    public record Probe(int trials, int threadsEach, long steps, double seconds, double stepsPerSecond) {}

    /**
     * The choice and what it rests on.
     *
     * @param trials trials to train at once
     * @param runtime the runtime each of them gets ({@code threads} set, {@code concurrent-trials} = trials)
     * @param probes every setting measured, in order
     * @param saved when the measurement was made, if it was kept from an earlier sweep
     *     ({@link MeasurementCache}); null when measured now
     */
    public record Choice(int trials, RuntimeConfig runtime, List<Probe> probes, String saved) {
        public Choice(int trials, RuntimeConfig runtime, List<Probe> probes) {
            this(trials, runtime, probes, null);
        }

        /** One line: the choice and each measurement (and when it was made, if kept from an earlier sweep). */
        public String describe() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d at once (%d libtorch threads each);"
                    + " measured", trials, runtime.threads()));
            for (Probe p : probes) {
                b.append(String.format(Locale.ROOT, " %d: %.1f steps/s,", p.trials(), p.stepsPerSecond()));
            }
            b.setLength(b.length() - 1);
            if (saved != null) {
                b.append(" (kept from ").append(saved).append(')');
            }
            return b.toString();
        }
    }

    /** The numbers of trials measured for {@code cores} cores and {@code most} trials: 1, 2, 4, ..., and the cores. */
    static int[] candidates(int cores, int most) {
        int limit = Math.max(1, Math.min(cores, most));
        List<Integer> c = new ArrayList<>();
        for (int t = 1; t <= limit; t *= 2) {
            c.add(t);
        }
        if (c.get(c.size() - 1) != limit) {
            c.add(limit);
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Libtorch threads for each of {@code trials} trials on {@code cores} cores, unless {@code runtime} fixes them. */
    public static int threadsEach(RuntimeConfig runtime, int cores, int trials) {
        return runtime.threads() > 0 ? runtime.threads() : Math.max(1, cores / trials);
    }

    /** The fastest of {@code probes} (in increasing order of trials), a larger one only if {@link #MARGIN} faster. */
    static Probe pick(List<Probe> probes) {
        Probe best = probes.get(0);
        for (Probe p : probes.subList(1, probes.size())) {
            if (p.stepsPerSecond() >= best.stepsPerSecond() * MARGIN) {
                best = p;
            }
        }
        return best;
    }

    /**
     * Measures {@code trial} at each candidate number of trials at once (at most {@code most}) for
     * about {@code seconds} each, on {@code cores} cores, and returns the choice.
     */
    public static Choice choose(TrialConfig trial, RuntimeConfig runtime, TrialData data, int cores, int most,
            double seconds) throws InterruptedException {
        return measure(trial, runtime, data, cores, most, seconds).choice();
    }

    /** A choice measured now, and how far apart its rounds measured (the largest ratio, fastest over slowest). */
    record Measured(Choice choice, double spread) {}

    private static Measured measure(TrialConfig trial, RuntimeConfig runtime, TrialData data, int cores, int most,
            double seconds) throws InterruptedException {
        List<Probe> probes = new ArrayList<>();
        // the first steps of a JVM are slow (class loading, JIT, libtorch's first allocations):
        // an untimed run first, so that one at a time is not measured cold
        measure(trial, runtime.withThreads(threadsEach(runtime, cores, 1)), data, 1, seconds / 4);
        // interleaved halves (1, 2, ..., 1, 2, ...) pooled: a slow spell of a shared machine falls
        // on every number of trials, not on one of them
        int[] candidates = candidates(cores, most);
        Probe[][] rounds = new Probe[ROUNDS][candidates.length];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < candidates.length; i++) {
                int t = candidates[i];
                rounds[r][i] = measure(trial, runtime.withThreads(threadsEach(runtime, cores, t)), data, t,
                        seconds / ROUNDS);
            }
        }
        double spread = 1;
        for (int i = 0; i < candidates.length; i++) {
            List<Probe> of = new ArrayList<>();
            double slowest = Double.POSITIVE_INFINITY;
            double fastest = 0;
            for (Probe[] round : rounds) {
                of.add(round[i]);
                slowest = Math.min(slowest, round[i].stepsPerSecond());
                fastest = Math.max(fastest, round[i].stepsPerSecond());
            }
            spread = Math.max(spread, slowest > 0 ? fastest / slowest : Double.POSITIVE_INFINITY);
            probes.add(pool(of));
        }
        Probe best = pick(probes);
        return new Measured(new Choice(best.trials(), runtime.withThreads(best.threadsEach())
                .withConcurrentTrials(best.trials()), List.copyOf(probes)), spread);
    }

    /**
     * As {@link #choose(TrialConfig, RuntimeConfig, TrialData, int, int, double)}, but a choice
     * kept in {@code cache} for the same shape, device, threads, cores, candidates, measuring time
     * and machine ({@link MeasurementCache#machine()}) is taken without measuring; a new
     * measurement is kept there.
     *
     * @param shape what makes trials cost the same per step (for supervised FF trials their pack
     *     key's shape: every setting but threshold, margin, learning rate, Adam's, dropout and seed)
     * @param measuring called just before measuring (not when the choice is kept)
     */
    public static Choice choose(TrialConfig trial, String shape, RuntimeConfig runtime, TrialData data, int cores,
            int most, double seconds, MeasurementCache cache, Runnable measuring) throws InterruptedException {
        return choose(trial, shape, runtime, data, cores, most, seconds, cache, measuring, STEADY);
    }

    /** As above, keeping a measurement whose rounds agree within {@code steady} (a ratio). */
    static Choice choose(TrialConfig trial, String shape, RuntimeConfig runtime, TrialData data, int cores,
            int most, double seconds, MeasurementCache cache, Runnable measuring, double steady)
            throws InterruptedException {
        String key = MeasurementCache.key(List.of("concurrency-probe/1", "shape=" + shape, "device=" + runtime.device(),
                "threads=" + runtime.threads(), "candidates=" + Arrays.toString(candidates(cores, most)),
                "seconds=" + seconds, MeasurementCache.machine()));
        Choice kept = cache.get(key).flatMap(v -> restore(v, runtime, cores, most)).orElse(null);
        if (kept != null) {
            return kept;
        }
        measuring.run();
        Measured m = measure(trial, runtime, data, cores, most, seconds);
        Choice c = m.choice();
        if (m.spread() > steady) {
            return c; // the machine changed pace between the rounds: good for this sweep, not kept for later ones
        }
        StringBuilder probes = new StringBuilder();
        for (Probe p : c.probes()) {
            probes.append(probes.length() == 0 ? "" : ",").append(p.trials()).append(':').append(p.stepsPerSecond());
        }
        cache.put(key, java.util.Map.of("trials", String.valueOf(c.trials()), "probes", probes.toString()));
        return c;
    }

    /** The choice kept in {@code values}, if they are whole and consistent (else empty: measure again). */
    static java.util.Optional<Choice> restore(java.util.Map<String, String> values, RuntimeConfig runtime, int cores,
            int most) {
        try {
            int trials = Integer.parseInt(values.get("trials"));
            List<Probe> probes = new ArrayList<>();
            for (String p : values.get("probes").split(",")) {
                int t = Integer.parseInt(p.substring(0, p.indexOf(':')));
                double rate = Double.parseDouble(p.substring(p.indexOf(':') + 1));
                probes.add(new Probe(t, threadsEach(runtime, cores, t), 0, 0, rate));
            }
            boolean known = probes.stream().anyMatch(p -> p.trials() == trials);
            if (!known || trials < 1 || trials > Math.max(1, Math.min(cores, most)) || pick(probes).trials() != trials) {
                return java.util.Optional.empty();
            }
            int threads = threadsEach(runtime, cores, trials);
            return java.util.Optional.of(new Choice(trials, runtime.withThreads(threads).withConcurrentTrials(trials),
                    List.copyOf(probes), values.getOrDefault("saved", "an earlier sweep")));
        } catch (RuntimeException e) { // missing or malformed values: a corrupt file
            return java.util.Optional.empty();
        }
    }

    /** {@code trials} copies of {@code trial} at once, each stopped after about {@code seconds} of steps. */
    static Probe measure(TrialConfig trial, RuntimeConfig runtime, TrialData data, int trials, double seconds)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(trials, r -> {
            Thread th = new Thread(r, "ffsweep-probe");
            th.setDaemon(true);
            return th;
        });
        try {
            List<StepTimes> times = new ArrayList<>();
            List<Future<TrialResult>> runs = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                StepTimes st = new StepTimes((long) (seconds * 1e9));
                times.add(st);
                runs.add(pool.submit(() -> TrialRunner.run(trial, runtime, data, List.of(st))));
            }
            for (Future<TrialResult> f : runs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("measuring " + trials + " trials at once failed: " + e.getCause(),
                            e.getCause());
                }
            }
            return window(trials, runtime.threads(), times);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Probes of one number of trials pooled: their steps over their seconds (the mean rate when no window overlapped). */
    static Probe pool(List<Probe> probes) {
        long steps = 0;
        double secs = 0;
        double rates = 0;
        for (Probe p : probes) {
            steps += p.steps();
            secs += p.seconds();
            rates += p.stepsPerSecond();
        }
        Probe first = probes.get(0);
        boolean windows = probes.stream().allMatch(p -> p.steps() > 0 && p.seconds() > 0);
        return windows ? new Probe(first.trials(), first.threadsEach(), steps, secs, steps / secs)
                : new Probe(first.trials(), first.threadsEach(), 0, 0, rates / probes.size());
    }

    /** The throughput over the window in which every trial was stepping. */
    static Probe window(int trials, int threadsEach, List<StepTimes> times) {
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        boolean stepped = true;
        for (StepTimes t : times) {
            stepped &= t.count() >= 2;
            start = stepped ? Math.max(start, t.at(0)) : start;
            end = stepped ? Math.min(end, t.at(t.count() - 1)) : end;
        }
        long steps = 0;
        if (stepped && end > start) {
            for (StepTimes t : times) {
                steps += t.countIn(start, end);
            }
        }
        if (steps == 0) { // too few steps overlap: each trial's own rate after its first step, summed
            double rate = 0;
            for (StepTimes t : times) {
                long span = t.count() < 2 ? 0 : t.at(t.count() - 1) - t.at(0);
                rate += span > 0 ? (t.count() - 1) / (span / 1e9) : 0;
            }
            return new Probe(trials, threadsEach, 0, 0, rate);
        }
        double secs = (end - start) / 1e9;
        return new Probe(trials, threadsEach, steps, secs, steps / secs);
    }

    /** Records when each step ended and stops the trial {@code budget} ns after its first step. */
    static final class StepTimes implements TrainingListener {
        private final long budget;
        private long[] at = new long[64];
        private int count;

        StepTimes(long budgetNanos) {
            this.budget = budgetNanos;
        }

        @Override
        public synchronized Decision onStep(StepEvent step) {
            long now = System.nanoTime();
            if (count == at.length) {
                at = Arrays.copyOf(at, count * 2);
            }
            at[count++] = now;
            return count >= MIN_STEPS && now - at[0] >= budget ? Decision.stop("measured") : Decision.CONTINUE;
        }

        synchronized int count() {
            return count;
        }

        synchronized long at(int i) {
            return at[i];
        }

        /** Steps that ended in {@code (from, to]}. */
        synchronized long countIn(long from, long to) {
            long n = 0;
            for (int i = 0; i < count; i++) {
                if (at[i] > from && at[i] <= to) {
                    n++;
                }
            }
            return n;
        }
    }
}
