package org.ffsweep.sweep.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of successive halving at one rung, as a pure function of the metrics reported
 * there: the same metrics give the same decisions however the trials' jobs were timed, so a sweep
 * killed at any moment and run again decides exactly as an uninterrupted run.
 *
 * <p>{@code asha} (asynchronous successive halving) reads the rung's results in the sweep's
 * trial order: once the first {@code m} trials alive at the rung have reported, the best
 * {@code floor(m / eta)} of them are promoted (a trial promoted stays promoted), so a good trial
 * goes on without waiting for the rest of the rung; when every trial alive at the rung has
 * reported, the ones not promoted are stopped. This is ASHA with its arrival order fixed to the
 * trial order, which is what makes it repeatable. {@code successive-halving} waits for the whole
 * rung and promotes its best {@code max(1, floor(n / eta))}. "Best" is the higher value; equal values
 * go to the higher tie-break (for {@code validation-accuracy-then-separation}: the mean separation
 * of the layers), then to the earlier trial; a trial with no value ranks last.
 *
 * <p>The plateau guard: a trial whose report says it is still on the FF plateau (every
 * evaluated image given one label) is promoted while the rung's step is within the guard, and
 * takes no place from the others; beyond it, it is ranked like any other.
 */
public final class RungDecisions {
    private RungDecisions() {}

    /**
     * What a trial reported at a rung.
     *
     * @param value the rung metric (higher is better; the scheduler negates metrics where lower is)
     * @param tieBreak what settles equal values (higher is better; NaN: nothing, and it ranks below any number)
     * @param onPlateau whether the trial was on the FF plateau at the rung
     */
    public record Report(double value, double tieBreak, boolean onPlateau) {
        /** A report with no tie-break: equal values go to the earlier trial. */
        public Report(double value, boolean onPlateau) {
            this(value, Double.NaN, onPlateau);
        }
    }

    /** One decision: the trial goes on to the next rung, or stops here. */
    public record Decision(String trialId, boolean promoted, String reason) {}

    /**
     * The decisions at one rung that its reports allow so far.
     *
     * @param asha true for {@code asha}, false for {@code successive-halving}
     * @param eta the reduction factor (2 or more)
     * @param guarded whether the plateau guard covers this rung
     * @param alive the trials alive at this rung, in the sweep's trial order
     * @param reports what each trial that reached the rung reported
     * @return the decisions, in trial order; trials not decided yet are absent
     */
    public static List<Decision> decide(boolean asha, int eta, boolean guarded, List<String> alive,
            Map<String, Report> reports) {
        if (eta < 2) {
            throw new IllegalArgumentException("reduction factor must be >= 2, got " + eta);
        }
        int known = 0;
        while (known < alive.size() && reports.containsKey(alive.get(known))) {
            known++;
        }
        boolean complete = known == alive.size();
        Map<String, Decision> decided = new LinkedHashMap<>();
        if (asha) {
            for (int m = 1; m <= known; m++) {
                promoteBest(alive.subList(0, m), reports, eta, guarded, false, decided);
            }
        } else if (complete) {
            promoteBest(alive, reports, eta, guarded, true, decided);
        }
        List<Decision> out = new ArrayList<>();
        for (String id : alive) {
            Decision d = decided.get(id);
            if (d != null) {
                out.add(d);
            } else if (complete) {
                out.add(new Decision(id, false, "not in the best 1/" + eta + " of the rung"));
            }
        }
        return out;
    }

    /** Promotes (into {@code decided}) the best {@code floor(n / eta)} of {@code trials} off the plateau, and every one on it when guarded. */
    private static void promoteBest(List<String> trials, Map<String, Report> reports, int eta, boolean guarded,
            boolean atLeastOne, Map<String, Decision> decided) {
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            Report r = reports.get(trials.get(i));
            if (guarded && r.onPlateau()) {
                decided.putIfAbsent(trials.get(i), new Decision(trials.get(i), true, "on the plateau"));
            } else {
                ranked.add(i);
            }
        }
        // best first; NaN (no score) last; equal values by the tie-break (NaN last), then in trial order
        ranked.sort(Comparator.comparingDouble((Integer i) -> descending(reports.get(trials.get(i)).value()))
                .thenComparingDouble(i -> descending(reports.get(trials.get(i)).tieBreak()))
                .thenComparingInt(i -> i));
        int keep = ranked.size() / eta;
        if (atLeastOne && keep == 0 && !ranked.isEmpty() && decided.isEmpty()) {
            keep = 1;
        }
        for (int k = 0; k < keep; k++) {
            String id = trials.get(ranked.get(k));
            decided.putIfAbsent(id, new Decision(id, true, "in the best 1/" + eta + " of the rung"));
        }
    }

    /** Sorts a higher-is-better number first, NaN after every number. */
    private static double descending(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
    }
}
