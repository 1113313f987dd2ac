package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingListener;

/** One stderr line per recorded step and per evaluation; never stops a trial. */
final class ProgressPrinter implements TrainingListener {
    private final PrintStream err;

    ProgressPrinter(PrintStream err) {
        this.err = err;
    }

    @Override
    public Decision onStep(StepEvent step) {
        if (step.recorded().isEmpty()) {
            return Decision.CONTINUE;
        }
        List<StepMetrics> layers = step.recorded();
        long totalSteps = step.totalSteps();
        double elapsedSeconds = step.elapsedSeconds();
        StepMetrics first = layers.get(0);
        StringBuilder loss = new StringBuilder();
        StringBuilder pos = new StringBuilder();
        StringBuilder neg = new StringBuilder();
        for (StepMetrics m : layers) {
            loss.append(String.format(Locale.ROOT, " %.4f", m.loss()));
            pos.append(String.format(Locale.ROOT, " %.3f", m.goodnessPos()));
            neg.append(String.format(Locale.ROOT, " %.3f", m.goodnessNeg()));
        }
        String where = first.chunk() > 0 ? "chunk " + first.chunk() + " epoch " + first.epoch() : "epoch " + first.epoch();
        if (Double.isNaN(first.goodnessPos())) {
            err.printf(Locale.ROOT, "step %d/%d %s | loss%s | %.1f s%n", first.step(), totalSteps, where, loss,
                    elapsedSeconds);
        } else {
            err.printf(Locale.ROOT, "step %d/%d %s | loss%s | g+%s | g-%s | %.1f s%n", first.step(), totalSteps, where,
                    loss, pos, neg, elapsedSeconds);
        }
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEval(EvalMetrics e, double elapsedSeconds) {
        String train = Double.isNaN(e.trainAccuracy()) ? "" : String.format(Locale.ROOT, " train %.2f%%", 100 * e.trainAccuracy());
        if (!Double.isNaN(e.validationAccuracy())) {
            train += String.format(Locale.ROOT, " validation %.2f%%", 100 * e.validationAccuracy());
        }
        err.printf(Locale.ROOT, "eval  step %d | test %.2f%%%s | %s | %.1f s%n", e.step(), 100 * e.testAccuracy(), train,
                e.collapsed() ? "COLLAPSED: every test image gets one label" : e.distinctTestPredictions() + " labels predicted",
                elapsedSeconds);
        return Decision.CONTINUE;
    }
}
