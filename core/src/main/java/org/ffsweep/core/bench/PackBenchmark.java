package org.ffsweep.core.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrainingConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.pack.PackRunner;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.train.TrainingListener;

/**
 * Trials per hour of K trials trained as one pack ({@link PackRunner}) against the same K trials
 * trained one after another ({@link TrialRunner}), in the same run: wall time of whole trials
 * (setup, training, evaluations), after an untimed warm-up pack of two steps. A measurement, not
 * a test: it asserts nothing, but reports how far the packed final accuracies are from the solo ones.
 */
public final class PackBenchmark {
    private static final int WARM_UP_EPOCHS = 2;

    private PackBenchmark() {}

    /**
     * What one comparison found.
     *
     * @param trials K
     * @param packedSeconds wall time of the pack
     * @param sequentialSeconds wall time of the K trials one after another
     * @param maxAccuracyDifference the largest difference of a trial's final test accuracy, packed against solo
     */
    public record Result(int trials, double packedSeconds, double sequentialSeconds, double maxAccuracyDifference) {
        /** Packed trials per hour over one-at-a-time trials per hour. */
        public double ratio() {
            return sequentialSeconds / packedSeconds;
        }
    }

    /** Trains {@code trials} packed, then one at a time, on {@code data}. */
    public static Result measure(List<TrialConfig> trials, RuntimeConfig runtime, TrialData data,
            Consumer<String> log) {
        List<TrialConfig> warmUp = trials.stream().map(PackBenchmark::shortened).toList();
        List<TrialResult> packed;
        long t0;
        try (DeviceChooser.Lease lease = TrialRunner.lease(runtime, null)) {
            PackRunner.run(warmUp, runtime, lease, data, noListeners(warmUp.size()));
            t0 = System.nanoTime();
            packed = PackRunner.run(trials, runtime, lease, data, noListeners(trials.size()));
        }
        double packedSeconds = (System.nanoTime() - t0) / 1e9;
        log.accept(String.format(Locale.ROOT, "%d trials packed: %.1f s", trials.size(), packedSeconds));
        double diff = 0;
        long t1 = System.nanoTime();
        for (int i = 0; i < trials.size(); i++) {
            TrialResult solo = TrialRunner.run(trials.get(i), runtime, data, List.of());
            diff = Math.max(diff, Math.abs(solo.testAccuracy() - packed.get(i).testAccuracy()));
            log.accept(String.format(Locale.ROOT, "trial %d: test accuracy %.4f solo, %.4f packed", i + 1,
                    solo.testAccuracy(), packed.get(i).testAccuracy()));
        }
        double sequentialSeconds = (System.nanoTime() - t1) / 1e9;
        log.accept(String.format(Locale.ROOT, "%d trials one at a time: %.1f s", trials.size(), sequentialSeconds));
        return new Result(trials.size(), packedSeconds, sequentialSeconds, diff);
    }

    private static List<List<TrainingListener>> noListeners(int trials) {
        return java.util.Collections.nCopies(trials, List.of());
    }

    /** {@code t} cut to {@value #WARM_UP_EPOCHS} epochs of one chunk. */
    private static TrialConfig shortened(TrialConfig t) {
        TrainingConfig r = t.training();
        return new TrialConfig(t.name(), t.seed(), t.dataset(), t.data(), t.model(), t.ff(),
                new TrainingConfig(r.schedule(), r.batchSize(), WARM_UP_EPOCHS, r.learningRate(), r.beta1(), r.beta2(),
                        r.epsilon(), r.trainLimit(), 1),
                t.metrics(), t.unsupervised());
    }
}
