package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.sweep.grid.GridExpander;
import org.ffsweep.sweep.grid.PackingSettings;
import org.ffsweep.sweep.grid.RungPlan;
import org.ffsweep.sweep.grid.SchedulerSettings;
import org.ffsweep.sweep.grid.SweepPlan;

/**
 * {@code ffsweep sweep CONF [--dry-run] [--set ...]}: expands and validates a sweep file, then
 * runs it ({@link SweepRun}), or with {@code --dry-run} prints the trial count and a sample of
 * trials on stdout without keeping the trials in memory. A sweep without any trial to run is
 * refused. Driver only.
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
        ConfigLoader.Loaded loaded = ConfigLoader.load(file, args.overrides());
        SchedulerSettings scheduler = SchedulerSettings.read(loaded.root());
        if (!args.has(DRY_RUN)) {
            SweepPlan plan = GridExpander.expand(file, args.overrides());
            requireTrials(plan.name(), plan.trials().size(), plan.excluded(), file);
            checkScheduler(scheduler, plan);
            return SweepRun.run(plan, loaded, scheduler, args, out, err);
        }
        PackingSettings.read(loaded.root()); // its values checked too
        GridExpander.Preview p = GridExpander.preview(file, args.overrides(), SAMPLE);
        requireTrials(p.name(), p.trials(), p.excluded(), file);
        out.println("sweep " + p.name() + ": " + p.trials() + " trials (" + p.duplicatesDropped()
                + " duplicates dropped, " + p.excluded() + " excluded)");
        p.sample().forEach((i, trial) -> out.println("  #" + (i + 1) + "  " + trial.describe()));
        if (scheduler.enabled()) {
            SweepPlan plan = GridExpander.expand(file, args.overrides());
            checkScheduler(scheduler, plan);
            RungPlan.describe(scheduler, plan.trials()).forEach(out::println);
        }
        out.flush();
        return FfsweepMain.OK;
    }

    /** A sweep whose trials cannot be scheduled is refused before anything is written. */
    private static void checkScheduler(SchedulerSettings scheduler, SweepPlan plan) {
        try {
            scheduler.check(plan.trials());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** A sweep that excludes every trial is refused before Spark starts. */
    private static void requireTrials(String name, int trials, int excluded, Path file) {
        if (trials == 0) {
            throw new BadInputException("sweep " + name + " (" + file + ") has no trial to run: ffsweep.sweep.exclude"
                    + " drops all " + excluded + " of them");
        }
    }
}
