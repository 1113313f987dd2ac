package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.report.Report;

/**
 * {@code sweep --report}: rewrites the results folder's report page after every stored trial and
 * once at the end. A report that cannot be written is one line on stderr; the sweep goes on.
 * Driver only.
 */
final class SweepReport {
    private final String dir;
    private final PrintStream err;

    SweepReport(String dir, PrintStream err) {
        this.dir = dir;
        this.err = err;
    }

    Path page() {
        return Report.defaultPage(dir).toAbsolutePath().normalize();
    }

    synchronized void write() {
        try {
            Report.Written w = Report.write(dir, Report.defaultPage(dir), new Configuration());
            err.printf(Locale.ROOT, "report: %d trials, %d figures in %.1f s (reading %.1f s): %s%n", w.trials(), w.figureCount(),
                    w.seconds(), w.readSeconds(), w.html());
        } catch (Exception e) {
            err.println("ffsweep: the report was not written: " + e.getMessage());
        }
    }
}
