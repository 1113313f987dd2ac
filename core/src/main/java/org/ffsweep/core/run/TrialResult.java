package org.ffsweep.core.run;

import java.util.List;
import java.util.Map;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepMetrics;

/**
 * What one trial produced; plain Java values only.
 *
 * @param config the trial
 * @param configHash {@link TrialConfig#configHash()}
 * @param dataFingerprint identity of the data set it trained on
 * @param status how it ended
 * @param message why it diverged or was stopped, or null
 * @param trainAccuracy last measured train accuracy (NaN if none)
 * @param testAccuracy last measured test accuracy (NaN if none)
 * @param collapsed the last evaluation gave every test image the same label
 * @param steps training steps run
 * @param phaseSeconds wall time per phase, in {@link Phase} order
 * @param device where it ran
 * @param versions software versions
 * @param stepMetrics per-layer statistics
 * @param evalMetrics accuracies over time
 */
public record TrialResult(
        TrialConfig config,
        String configHash,
        String dataFingerprint,
        TrialStatus status,
        String message,
        double trainAccuracy,
        double testAccuracy,
        boolean collapsed,
        long steps,
        Map<Phase, Double> phaseSeconds,
        String device,
        Map<String, String> versions,
        List<StepMetrics> stepMetrics,
        List<EvalMetrics> evalMetrics) implements java.io.Serializable {

    public TrialResult {
        phaseSeconds = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(phaseSeconds.isEmpty()
                ? new java.util.EnumMap<>(Phase.class) : phaseSeconds));
        versions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(versions));
        stepMetrics = List.copyOf(stepMetrics);
        evalMetrics = List.copyOf(evalMetrics);
    }

    /** The last measured validation accuracy (NaN if none: no evaluation, or no validation set). */
    public double validationAccuracy() {
        return evalMetrics.isEmpty() ? Double.NaN : evalMetrics.get(evalMetrics.size() - 1).validationAccuracy();
    }

    /** This result with one more phase timing (e.g. the caller's data loading). */
    public TrialResult withPhase(Phase phase, double seconds) {
        var p = new java.util.EnumMap<Phase, Double>(Phase.class);
        p.putAll(phaseSeconds);
        p.put(phase, seconds);
        return new TrialResult(config, configHash, dataFingerprint, status, message, trainAccuracy, testAccuracy,
                collapsed, steps, p, device, versions, stepMetrics, evalMetrics);
    }
}
