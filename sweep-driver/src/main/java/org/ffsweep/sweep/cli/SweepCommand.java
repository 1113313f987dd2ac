package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.ffsweep.core.config.ConfigLoader;
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
    static final String RETRY_FAILED = "--retry-failed";
    static final String REPORT = "--report";
    static final Set<String> FLAGS = Set.of(DRY_RUN, RETRY_FAILED, REPORT);
    static final Set<String> OPTIONS = Set.of("--out", "--master");
    /** How many trials the dry run shows. */
    static final int SAMPLE = 10;

    private final PrintStream out;
    private final PrintStream err;

    SweepCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws Exception {
        if (args.positional().size() != 1) {
            throw new UsageException("expected: sweep CONF [--dry-run] [--out DIR] [--master URL] [--retry-failed]"
                    + " [--report] [--set path=value]...");
        }
        Path file = Path.of(args.positional().get(0));
        SweepPlan plan = GridExpander.expand(file, args.overrides());
        if (!args.has(DRY_RUN)) {
            return SweepRun.run(plan, ConfigLoader.load(file, args.overrides()), args, out, err);
        }
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
