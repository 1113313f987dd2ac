package org.ffsweep.core.pack;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.MemoryEstimate;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.MeasurementCache;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.util.Checks;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how many trials of one shape to pack on a device, by measurement (HFTA's probe): for
 * K = 1, 2, 4, ... up to {@code maxTrials} it trains K copies of the shape (seeds
 * {@code seed + i}, so each trial has its own batches, as in a sweep) on the real data's shapes,
 * and stops when trial-steps per second stop improving or the memory estimate passes the budget.
 * Each K is measured against the best so far, their steps interleaved (after warm-up steps), for
 * at least {@code timedSteps} steps each and {@link #MIN_PAIR_SECONDS}; a K's rate is K over the
 * median of all its timed steps, so a slow spell of a shared machine falls on both and a few slow
 * steps do not count. Memory is estimated, not measured: K times
 * {@link MemoryEstimate#bytes} (parameters with Adam state, one step's activations), against
 * {@code memoryFraction} of the device's memory (a GPU's total as CUDA reports it; on CPU
 * {@link MemoryEstimate#availableBytes}); the two packs compared are held at once. The plan never
 * picks a K slower than one at a time. A {@link MeasurementCache} keeps plans per shape, device,
 * threads and machine, so a later sweep on the same machine does not measure again; a plan whose
 * step times spread widely (the machine changed pace while measuring, {@link #STEADY}) is used
 * but not kept.
 */
public final class PackPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PackPlanner.class);
    private static final String ENGINE = "PyTorch";
    private static final int WARM_UP = 2;
    /** The least time two pack sizes are compared for, whatever their steps. */
    static final double MIN_PAIR_SECONDS = 0.5;
    /** The largest spread of step times (interquartile range over median) of a plan kept for later sweeps. */
    static final double STEADY = 0.5;
    /** At most this many times {@code timedSteps} turns of a comparison. */
    private static final int MAX_STEPS_FACTOR = 25;

    private PackPlanner() {}

    /**
     * One measured (or refused) pack size.
     *
     * @param trials K
     * @param trialStepsPerSecond K times the pack's steps per second; NaN when not measured
     * @param memoryBytes the memory estimate of the pack
     * @param fits whether the estimate is within the budget (a pack that does not fit is not measured)
     */
    public record Probe(int trials, double trialStepsPerSecond, double memoryBytes, boolean fits) {
        /** Whether this pack size was measured. */
        public boolean measured() {
            return fits && !Double.isNaN(trialStepsPerSecond);
        }
    }

    /**
     * The planner's choice and the figures it chose from.
     *
     * @param packSize the chosen K (at least 1)
     * @param probes every pack size probed, in order
     * @param saved when the plan was measured, if kept from an earlier sweep ({@link MeasurementCache}); null
     *     when measured now
     */
    public record Plan(int packSize, List<Probe> probes, String saved) {
        public Plan {
            Checks.positive("packSize", packSize);
            probes = List.copyOf(probes);
        }

        public Plan(int packSize, List<Probe> probes) {
            this(packSize, probes, null);
        }
    }

    /**
     * Probes pack sizes for trials shaped like {@code shape} on the leased device.
     *
     * @param maxTrials the largest K to consider (1 turns packing off: no measurement)
     * @param memoryFraction the share of the device's memory a pack may use, in (0, 1]
     * @param timedSteps steps timed at least per pack size (after warm-up steps)
     */
    public static Plan plan(TrialConfig shape, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            int maxTrials, double memoryFraction, int timedSteps) {
        return plan(shape, runtime, lease, data, maxTrials, memoryFraction, timedSteps, MeasurementCache.at(null));
    }

    /**
     * As {@link #plan(TrialConfig, RuntimeConfig, DeviceChooser.Lease, TrialData, int, double, int)},
     * but a plan kept in {@code cache} for the same shape, device, threads, largest K, timed steps
     * and machine is taken without measuring when its pack still fits the memory budget; a new
     * plan is kept there.
     */
    public static Plan plan(TrialConfig shape, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            int maxTrials, double memoryFraction, int timedSteps, MeasurementCache cache) {
        return plan(shape, runtime, lease, data, maxTrials, memoryFraction, timedSteps, cache, STEADY);
    }

    /** As above, keeping a plan whose step times spread at most {@code steady} ({@link #spread}). */
    static Plan plan(TrialConfig shape, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            int maxTrials, double memoryFraction, int timedSteps, MeasurementCache cache, double steady) {
        Checks.positive("maxTrials", maxTrials);
        Checks.positive("timedSteps", timedSteps);
        if (!(memoryFraction > 0 && memoryFraction <= 1)) {
            throw new IllegalArgumentException("memoryFraction must be in (0, 1], got " + memoryFraction);
        }
        PackKey packKey = PackKey.of(shape); // only packable kinds
        if (maxTrials == 1) {
            return new Plan(1, List.of());
        }
        int threads = runtime.threads() > 0 ? runtime.threads() : Runtime.getRuntime().availableProcessors();
        double budget = memoryFraction * deviceBytes(lease.device());
        double perTrial = MemoryEstimate.bytes(shape);
        String key = MeasurementCache.key(List.of("pack-planner/2", "shape=" + packKey.shape(),
                "device=" + lease.device(), "threads=" + threads, "max-trials=" + maxTrials,
                "timed-steps=" + timedSteps, MeasurementCache.machine()));
        Plan kept = cache.get(key).flatMap(v -> restore(v, maxTrials)).orElse(null);
        if (kept != null && kept.packSize() * perTrial <= budget) {
            return kept;
        }
        JniUtils.setNumThreads(threads);
        JniUtils.setGradMode(false);
        Measured m = measure(shape, lease.device(), data, maxTrials, budget, perTrial, timedSteps);
        List<Probe> probes = m.probes();
        Plan p = new Plan(choose(probes), probes);
        if (m.spread() > steady) { // the machine changed pace while measuring: good for this sweep, not for later ones
            LOG.info("pack probe: step times spread too widely to keep the plan for later sweeps");
            return p;
        }
        StringBuilder b = new StringBuilder();
        for (Probe probe : p.probes()) {
            b.append(b.length() == 0 ? "" : ",").append(probe.trials()).append(':').append(probe.trialStepsPerSecond())
                    .append(':').append(probe.memoryBytes()).append(':').append(probe.fits());
        }
        cache.put(key, java.util.Map.of("pack-size", String.valueOf(p.packSize()), "probes", b.toString()));
        return p;
    }

    /** Probes and the largest spread of a measured K's step times ({@link #spread}). */
    private record Measured(List<Probe> probes, double spread) {}

    /** Probes of pack sizes by interleaved pairs (the best so far against the next K); see the class comment. */
    private static Measured measure(TrialConfig shape, Device device, TrialData data, int maxTrials, double budget,
            double perTrial, int timedSteps) {
        List<Probe> probes = new ArrayList<>();
        List<Candidate> all = new ArrayList<>();
        try {
            Candidate best = new Candidate(shape, 1, device, data);
            all.add(best);
            best.untimed(2 * WARM_UP + 1); // the first steps of a JVM are slow: not K = 1's fault
            for (int k = 2; best.k < maxTrials; k = Math.min(maxTrials, 2 * k)) {
                double bytes = k * perTrial;
                if (bytes > budget) {
                    probes.add(new Probe(k, Double.NaN, bytes, false));
                    break;
                }
                Candidate next = new Candidate(shape, k, device, data);
                all.add(next);
                next.untimed(WARM_UP);
                interleave(best, next, timedSteps);
                LOG.info("pack probe: {} trials, {} trial-steps/s against {} trials, {} trial-steps/s", k,
                        next.rate(), best.k, best.rate());
                if (next.rate() <= best.rate()) {
                    break;
                }
                best.close(); // its steps are kept; its memory is not needed any more
                best = next;
            }
            while (best.steps.size() < timedSteps) { // no pair measured (the next K did not fit)
                best.timed();
            }
        } finally {
            all.forEach(Candidate::close);
        }
        List<Probe> measured = new ArrayList<>();
        double spread = 0;
        for (Candidate c : all) {
            measured.add(new Probe(c.k, c.rate(), c.k * perTrial, true));
            spread = Math.max(spread, spread(c.steps));
        }
        measured.addAll(probes);
        return new Measured(measured, spread);
    }

    /** The spread of step times: their interquartile range over their median (infinite for fewer than 4). */
    static double spread(List<Long> stepNanos) {
        long[] t = stepNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (t.length < 4) {
            return Double.POSITIVE_INFINITY;
        }
        double q1 = t[t.length / 4];
        double q3 = t[(3 * t.length) / 4];
        double median = t[t.length / 2];
        return (q3 - q1) / median;
    }

    /** Steps of {@code a} and {@code b} in turn (which goes first alternating) until both have enough. */
    private static void interleave(Candidate a, Candidate b, int timedSteps) {
        int aBefore = a.steps.size();
        long t0 = System.nanoTime();
        for (int i = 0; i < MAX_STEPS_FACTOR * timedSteps; i++) {
            boolean enough = a.steps.size() - aBefore >= timedSteps && b.steps.size() >= timedSteps
                    && (System.nanoTime() - t0) / 1e9 >= MIN_PAIR_SECONDS;
            if (enough) {
                break;
            }
            Candidate first = i % 2 == 0 ? a : b;
            first.timed();
            (first == a ? b : a).timed();
        }
    }

    /** The plan kept in {@code values}, if whole and consistent (else empty: measure again). */
    static java.util.Optional<Plan> restore(java.util.Map<String, String> values, int maxTrials) {
        try {
            int size = Integer.parseInt(values.get("pack-size"));
            List<Probe> probes = new ArrayList<>();
            for (String p : values.get("probes").split(",")) {
                String[] f = p.split(":");
                probes.add(new Probe(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Boolean.parseBoolean(f[3])));
            }
            if (size < 1 || size > maxTrials || choose(probes) != size) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Plan(size, probes, values.getOrDefault("saved", "an earlier sweep")));
        } catch (RuntimeException e) { // missing or malformed values: a corrupt file
            return java.util.Optional.empty();
        }
    }

    /**
     * The choice rule: the measured pack size of most trial-steps per second (the smaller on a
     * tie), never one slower than K = 1; 1 when K = 1 was not measured.
     */
    public static int choose(List<Probe> probes) {
        Probe one = probes.stream().filter(p -> p.trials() == 1 && p.measured()).findFirst().orElse(null);
        if (one == null) {
            return 1;
        }
        Probe best = one;
        for (Probe p : probes) {
            if (p.measured() && p.trialStepsPerSecond() > best.trialStepsPerSecond()) {
                best = p;
            }
        }
        return best.trials();
    }

    /** What the device can hold: a GPU's total memory, else the machine's ({@link MemoryEstimate#availableBytes}). */
    static double deviceBytes(Device device) {
        if (device.isGpu()) {
            return CudaUtils.getGpuMemory(device).getMax();
        }
        return MemoryEstimate.availableBytes();
    }

    /** K copies of the shape packed, with one batch for every step, and the duration of each timed step. */
    private static final class Candidate implements AutoCloseable {
        final int k;
        final List<Long> steps = new ArrayList<>();
        private final NDManager root;
        private final PackedModel model;
        private final PackedModel.Batch batch;
        private boolean closed;

        Candidate(TrialConfig shape, int k, Device device, TrialData data) {
            this.k = k;
            List<TrialConfig> trials = new ArrayList<>();
            List<SavableRandom> rngs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                trials.add(shape);
                rngs.add(new SavableRandom(shape.seed() + i));
            }
            root = NDManager.newBaseManager(device, ENGINE);
            try {
                model = new PackedModel(trials, data.train(), data.test(), root, rngs);
                int n = Math.min(shape.training().batchSize(), data.train().count());
                if (shape.training().trainLimit() > 0) {
                    n = Math.min(n, shape.training().trainLimit());
                }
                int[][] rows = new int[k][];
                for (int t = 0; t < k; t++) {
                    rows[t] = Arrays.copyOf(Shuffle.shuffled(Shuffle.range(data.train().count()),
                            model.orderRandom(t)), n);
                }
                batch = model.batch(rows, root.newSubManager());
            } catch (RuntimeException e) {
                root.close();
                throw e;
            }
        }

        void untimed(int n) {
            for (int i = 0; i < n; i++) {
                step();
            }
        }

        void timed() {
            long t0 = System.nanoTime();
            step();
            steps.add(System.nanoTime() - t0);
        }

        private void step() {
            try (NDManager step = root.newSubManager()) {
                model.step(batch, step).forEach(st -> st.loss().toFloatArray());
            }
        }

        /** K over the median timed step, in trial-steps per second. */
        double rate() {
            long[] sorted = steps.stream().mapToLong(Long::longValue).sorted().toArray();
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
            return k / (median / 1e9);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                model.close();
                root.close();
            }
        }
    }
}
