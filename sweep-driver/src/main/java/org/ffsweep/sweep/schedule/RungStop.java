package org.ffsweep.sweep.schedule;

import java.io.Serializable;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.TrainingListener;

/**
 * Pauses a trial at a rung: stops it after its evaluation at the rung's step (so the trial's
 * checkpoint, saved on the stop, holds that evaluation), or at once when it continues from a
 * checkpoint at that step already. A trial whose schedule ends at or before the rung runs to its
 * end. Built on the driver, used on the executor; one per trial segment.
 */
public final class RungStop implements TrainingListener, Serializable {
    private static final long serialVersionUID = 1L;
    private final int rung;
    private final long step;
    /** The rung's step was trained and is not the schedule's last. */
    private boolean reached;

    /**
     * @param rung the rung, 0-based
     * @param step the rung's step
     */
    public RungStop(int rung, long step) {
        this.rung = rung;
        this.step = step;
    }

    public int rung() {
        return rung;
    }

    public long step() {
        return step;
    }

    /** The reason of a trial paused at its rung; how the driver tells a pause from another stop. */
    public String reason() {
        return "paused at rung " + rung + " (step " + step + ") for the scheduler";
    }

    @Override
    public Decision onStep(StepEvent e) {
        reached = e.step() == step && e.totalSteps() > step;
        return Decision.CONTINUE;
    }

    @Override
    public Decision onEval(EvalMetrics eval, double elapsedSeconds) {
        return reached && eval.step() == step ? Decision.stop(reason()) : Decision.CONTINUE;
    }

    @Override
    public Decision onResume(long at) {
        return at >= step ? Decision.stop(reason()) : Decision.CONTINUE;
    }
}
