package org.ffsweep.sweep.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scheduled sweep plans, for {@code --dry-run}: each trial length's rungs, and the
 * trial-steps of the full grid against the most a scheduled sweep takes when each rung keeps
 * {@code max(1, floor(n / eta))} of its n trials (successive halving; those kept are counted as
 * the longest). ASHA keeps at least as many, and in the worst order of results more (a trial
 * promoted on a prefix of the rung stays promoted). Steps are {@link PlannedSteps}.
 */
public final class RungPlan {
    private RungPlan() {}

    /**
     * @param fullSteps trial-steps of every trial run to its end
     * @param halvingSteps trial-steps when each rung keeps {@code max(1, floor(n / eta))} of its trials
     * @param reaching how many trials reach each rung, by that count
     */
    public record Steps(long fullSteps, long halvingSteps, List<Integer> reaching) {}

    /** The steps of {@code trials} under {@code s}. */
    public static Steps steps(SchedulerSettings s, List<TrialSpec> trials) {
        List<Long> alive = new ArrayList<>();
        long full = 0;
        for (TrialSpec t : trials) {
            long n = PlannedSteps.of(t.config());
            alive.add(n);
            full += n;
        }
        long taken = 0;
        List<Integer> reaching = new ArrayList<>();
        for (int k = 0; !alive.isEmpty(); k++) {
            long r = s.rungStep(k);
            List<Long> at = new ArrayList<>();
            for (long n : alive) {
                if (r < 0 || n <= r) {
                    taken += n; // ends before the rung
                } else {
                    at.add(n);
                }
            }
            if (at.isEmpty()) {
                break;
            }
            reaching.add(at.size());
            at.sort(Comparator.reverseOrder());
            int keep = Math.max(1, at.size() / s.reductionFactor());
            for (int i = keep; i < at.size(); i++) {
                taken += r;
            }
            alive = new ArrayList<>(at.subList(0, keep));
        }
        return new Steps(full, taken, reaching);
    }

    /** The dry run's lines. */
    public static List<String> describe(SchedulerSettings s, List<TrialSpec> trials) {
        List<String> out = new ArrayList<>();
        out.add("scheduler: " + s.describe());
        Map<Long, Integer> lengths = new TreeMap<>();
        for (TrialSpec t : trials) {
            lengths.merge(PlannedSteps.of(t.config()), 1, Integer::sum);
        }
        lengths.forEach((n, count) -> {
            long[] r = s.rungsBelow(n);
            StringBuilder b = new StringBuilder();
            for (long x : r) {
                b.append(b.length() == 0 ? "" : ", ").append(x);
            }
            out.add(String.format(Locale.ROOT, "  %d trial(s) of %d steps: rungs at steps %s", count, n,
                    r.length == 0 ? "(none: they run to their end)" : b));
        });
        Steps st = steps(s, trials);
        out.add(String.format(Locale.ROOT, "trial-steps: the full grid %d; with the scheduler at most %d (%.0f%%) when"
                + " each rung keeps 1/%d (trials reaching each rung: %s)%s", st.fullSteps(), st.halvingSteps(),
                100.0 * st.halvingSteps() / Math.max(1, st.fullSteps()), s.reductionFactor(), st.reaching(),
                s.asha() ? "; asha keeps at least as many, and in the worst order of results more (up to the full"
                        + " grid)" : ""));
        out.add("  (steps for " + PlannedSteps.TRAIN_IMAGES + " training images; packing is off with a scheduler)");
        return out;
    }
}
