package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.report.Report;

/**
 * {@code ffsweep report --out DIR [--html FILE]}: writes the report page of a results folder
 * (finished or still being written by a sweep) and prints its path. Takes no lock and writes
 * nothing in the folder's tables. Driver only.
 */
final class ReportCommand {
    static final Set<String> OPTIONS = Set.of("--out", "--html");

    private ReportCommand() {}

    static int run(Args args, PrintStream out, PrintStream err) throws Exception {
        if (!args.positional().isEmpty() || !args.overrides().isEmpty() || args.option("--out", null) == null) {
            throw new UsageException("expected: report --out DIR [--html FILE]");
        }
        String dir = args.option("--out", null);
        Path html = args.option("--html", null) == null ? Report.defaultPage(dir) : Path.of(args.option("--html", null));
        Report.Written w = Report.write(dir, html, new Configuration());
        err.printf(Locale.ROOT, "report: %d trials, %d figures in %.1f s (reading %.1f s)%n", w.trials(), w.figureCount(), w.seconds(), w.readSeconds());
        out.println(w.html());
        out.flush();
        return FfsweepMain.OK;
    }
}
