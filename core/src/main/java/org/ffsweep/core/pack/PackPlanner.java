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
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.util.Checks;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how many trials of one shape to pack on a device, by measurement (HFTA's probe): for
 * K = 1, 2, 4, ... up to {@code maxTrials} it trains K copies of the shape (seeds
 * {@code seed + i}, so each trial has its own batches, as in a sweep) for a few timed steps after
 * two warm-up steps (and one untimed run before the first probe), on the real data's shapes, and
 * stops when trial-steps per second stop improving or the memory estimate passes the budget. Memory is estimated, not measured: K times
 * {@link MemoryEstimate#bytes} (parameters with Adam state, one step's activations), against
 * {@code memoryFraction} of the device's memory (a GPU's total as CUDA reports it; on CPU
 * {@link MemoryEstimate#availableBytes}). The plan never picks a K slower than one at a time.
 */
public final class PackPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(PackPlanner.class);
    private static final String ENGINE = "PyTorch";
    private static final int WARM_UP = 2;

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
     */
    public record Plan(int packSize, List<Probe> probes) {
        public Plan {
            Checks.positive("packSize", packSize);
            probes = List.copyOf(probes);
        }
    }

    /**
     * Probes pack sizes for trials shaped like {@code shape} on the leased device.
     *
     * @param maxTrials the largest K to consider (1 turns packing off: no measurement)
     * @param memoryFraction the share of the device's memory a pack may use, in (0, 1]
     * @param timedSteps steps timed per pack size (after two warm-up steps)
     */
    public static Plan plan(TrialConfig shape, RuntimeConfig runtime, DeviceChooser.Lease lease, TrialData data,
            int maxTrials, double memoryFraction, int timedSteps) {
        Checks.positive("maxTrials", maxTrials);
        Checks.positive("timedSteps", timedSteps);
        if (!(memoryFraction > 0 && memoryFraction <= 1)) {
            throw new IllegalArgumentException("memoryFraction must be in (0, 1], got " + memoryFraction);
        }
        PackKey.of(shape); // only packable kinds
        if (maxTrials == 1) {
            return new Plan(1, List.of());
        }
        int threads = runtime.threads() > 0 ? runtime.threads() : Runtime.getRuntime().availableProcessors();
        JniUtils.setNumThreads(threads);
        JniUtils.setGradMode(false);
        double budget = memoryFraction * deviceBytes(lease.device());
        double perTrial = MemoryEstimate.bytes(shape);
        List<Probe> probes = new ArrayList<>();
        measure(shape, 1, lease.device(), data, 1); // the first steps of a JVM are slow: not K = 1's fault
        double best = 0;
        for (int k = 1; ; k = Math.min(maxTrials, 2 * k)) {
            double bytes = k * perTrial;
            if (bytes > budget && k > 1) {
                probes.add(new Probe(k, Double.NaN, bytes, false));
                break;
            }
            double rate = measure(shape, k, lease.device(), data, timedSteps);
            probes.add(new Probe(k, rate, bytes, true));
            LOG.info("pack probe: {} trials, {} trial-steps/s, about {} MB", k, rate, Math.round(bytes / 1e6));
            if (rate <= best || k == maxTrials) {
                break;
            }
            best = rate;
        }
        return new Plan(choose(probes), probes);
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

    /** Trial-steps per second of K copies of {@code shape} packed, over {@code timedSteps} steps after the warm-up. */
    private static double measure(TrialConfig shape, int k, Device device, TrialData data, int timedSteps) {
        List<TrialConfig> trials = new ArrayList<>();
        List<SavableRandom> rngs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            trials.add(shape);
            rngs.add(new SavableRandom(shape.seed() + i));
        }
        try (NDManager root = NDManager.newBaseManager(device, ENGINE);
                PackedModel model = new PackedModel(trials, data.train(), data.test(), root, rngs);
                NDManager scope = root.newSubManager()) {
            int n = Math.min(shape.training().batchSize(), data.train().count());
            if (shape.training().trainLimit() > 0) {
                n = Math.min(n, shape.training().trainLimit());
            }
            int[][] rows = new int[k][];
            for (int t = 0; t < k; t++) {
                rows[t] = Arrays.copyOf(Shuffle.shuffled(Shuffle.range(data.train().count()), model.orderRandom(t)), n);
            }
            PackedModel.Batch batch = model.batch(rows, scope);
            long t0 = 0;
            for (int s = -WARM_UP; s < timedSteps; s++) {
                if (s == 0) {
                    t0 = System.nanoTime();
                }
                try (NDManager step = root.newSubManager()) {
                    model.step(batch, step).forEach(st -> st.loss().toFloatArray());
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return k * timedSteps / seconds;
        }
    }
}
