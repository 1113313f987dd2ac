package org.ffsweep.core.train;

/**
 * What a {@link TrainingListener} wants after a step or an evaluation: go on, stop the trial
 * (pruning), or end it as diverged. A trial that ends keeps its metrics so far.
 *
 * @param action what to do
 * @param reason why the trial ends (null for {@link Action#CONTINUE})
 */
public record Decision(Action action, String reason) {
    /** The possible actions. */
    public enum Action {
        /** Train on. */
        CONTINUE,
        /** End the trial now: status {@code stopped}. */
        STOP,
        /** End the trial now: status {@code diverged}. */
        DIVERGE
    }

    /** Train on. */
    public static final Decision CONTINUE = new Decision(Action.CONTINUE, null);

    public Decision {
        if (action == null || (action != Action.CONTINUE) != (reason != null)) {
            throw new IllegalArgumentException("a decision that ends a trial needs a reason, and only such a decision");
        }
    }

    /** End the trial between steps (status {@code stopped}), for {@code reason}. */
    public static Decision stop(String reason) {
        return new Decision(Action.STOP, reason);
    }

    /** End the trial as diverged, for {@code reason}. */
    public static Decision diverge(String reason) {
        return new Decision(Action.DIVERGE, reason);
    }

    /** This decision ends the trial. */
    public boolean ends() {
        return action != Action.CONTINUE;
    }
}
