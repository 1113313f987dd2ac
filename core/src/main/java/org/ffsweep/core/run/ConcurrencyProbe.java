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
 * train on T threads with cores / T libtorch threads each for a short while, and the T with the
 * most training steps per second over the time all T were stepping wins. A larger T must beat
 * every smaller one by {@link #MARGIN}, so the choice is never slower than one at a time as far as
 * the measurement can tell. The copies run the real training loop, evaluations included.
 */
public final class ConcurrencyProbe {
    /** How much faster a larger number of trials at once must measure to be chosen. */
    static final double MARGIN = 1.05;
    /** Steps each copy takes at least, whatever the time. */
    static final int MIN_STEPS = 3;

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
     */
    public record Choice(int trials, RuntimeConfig runtime, List<Probe> probes) {
        /** One line: the choice and each measurement. */
        public String describe() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d at once (%d libtorch threads each);"
                    + " measured", trials, runtime.threads()));
            for (Probe p : probes) {
                b.append(String.format(Locale.ROOT, " %d: %.1f steps/s,", p.trials(), p.stepsPerSecond()));
            }
            b.setLength(b.length() - 1);
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
        List<Probe> probes = new ArrayList<>();
        // the first steps of a JVM are slow (class loading, JIT, libtorch's first allocations):
        // an untimed run first, so that one at a time is not measured cold
        measure(trial, runtime.withThreads(threadsEach(runtime, cores, 1)), data, 1, seconds / 4);
        for (int t : candidates(cores, most)) {
            probes.add(measure(trial, runtime.withThreads(threadsEach(runtime, cores, t)), data, t, seconds));
        }
        Probe best = pick(probes);
        return new Choice(best.trials(), runtime.withThreads(best.threadsEach()).withConcurrentTrials(best.trials()),
                List.copyOf(probes));
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
