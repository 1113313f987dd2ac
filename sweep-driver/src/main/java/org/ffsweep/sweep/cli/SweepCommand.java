package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ffsweep.sweep.grid.GridExpander;
import org.ffsweep.sweep.grid.SweepPlan;
import org.ffsweep.sweep.grid.TrialSpec;

/**
 * {@code ffsweep sweep CONF --dry-run [--set ...]}: expands and validates a sweep file, prints
 * the trial count and a sample of trials on stdout, and exits. Driver only.
 */
final class SweepCommand {
    static final String DRY_RUN = "--dry-run";
    static final Set<String> FLAGS = Set.of(DRY_RUN);
    /** How many trials the dry run shows. */
    static final int SAMPLE = 10;

    private final PrintStream out;
    private final PrintStream err;

    SweepCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) {
        if (args.positional().size() != 1) {
            throw new UsageException("expected: sweep CONF --dry-run [--set path=value]...");
        }
        if (!args.has(DRY_RUN)) {
            err.println("ffsweep: running sweeps on Spark is not built yet (issue 3); "
                    + "use --dry-run to expand and validate a sweep");
            return FfsweepMain.BAD_INPUT;
        }
        SweepPlan plan = GridExpander.expand(Path.of(args.positional().get(0)), args.overrides());
        List<TrialSpec> trials = plan.trials();
        out.println("sweep " + plan.name() + ": " + trials.size() + " trials (" + plan.duplicatesDropped()
                + " duplicates dropped, " + plan.excluded() + " excluded)");
        for (int i : sampleIndices(trials.size())) {
            out.println("  #" + (i + 1) + "  " + trials.get(i).describe());
        }
        out.flush();
        return FfsweepMain.OK;
    }

    /** Up to {@link #SAMPLE} indices spread evenly over {@code n} trials, the first and last included. */
    static int[] sampleIndices(int n) {
        int k = Math.min(n, SAMPLE);
        int[] idx = new int[k];
        for (int j = 0; j < k; j++) {
            idx[j] = k == 1 ? 0 : (int) ((long) j * (n - 1) / (k - 1));
        }
        return idx;
    }
}
