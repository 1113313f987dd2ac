package org.ffsweep.sweep.spark;

import java.io.PrintStream;
import java.util.Locale;

import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.TrainingListener;

/**
 * A line about a long trial at most once a {@code interval}: its step, its speed, the time
 * left at that speed, and its last evaluation. A sweep prints nothing between a trial's start
 * and end otherwise, and a study-default trial runs for hours. Trials shorter than the interval
 * print nothing. On a cluster the lines go to the executor's log; in local mode to the console.
 * Never stops a trial.
 */
final class TrialHeartbeat implements TrainingListener {
    private final String trialId;
    private final PrintStream out;
    private final long intervalNanos;
    private long startNanos = -1;
    private long startStep;
    private long lastPrintNanos;
    private EvalMetrics lastEval;

    TrialHeartbeat(String trialId, PrintStream out, long intervalSeconds) {
        this.trialId = trialId;
        this.out = out;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
    }

    @Override
    public Decision onStep(StepEvent step) {
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
            startStep = step.step() - 1;
            lastPrintNanos = now;
            return Decision.CONTINUE;
        }
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            out.println(line(step.step(), step.totalSteps(), (now - startNanos) / 1e9));
        }
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEval(EvalMetrics eval, double elapsedSeconds) {
        lastEval = eval;
        return Decision.CONTINUE;
    }

    String line(long step, long total, double seconds) {
        double perStep = seconds / Math.max(1, step - startStep);
        double left = perStep * (total - step);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "trial %s: step %d/%d (%.1f%%), %.3f s/step, about %s left", trialId, step, total,
                100.0 * step / total, perStep, duration(left)));
        if (lastEval != null) {
            b.append(String.format(Locale.ROOT, " | step %d: test %.2f%%", lastEval.step(),
                    100 * lastEval.testAccuracy()));
            if (!Double.isNaN(lastEval.validationAccuracy())) {
                b.append(String.format(Locale.ROOT, ", validation %.2f%%", 100 * lastEval.validationAccuracy()));
            }
            if (lastEval.collapsed()) {
                b.append(" (collapsed: one label for every test image)");
            }
        }
        return b.toString();
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
