package org.ffsweep.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.report.Report;

/**
 * {@code sweep --report}: rewrites the results folder's report page after every stored trial, on
 * a thread of its own so that the next trial does not wait for it (trials that end while a report
 * is being written are folded into one next report), and once more at the end. A report that
 * cannot be written is one line on stderr; the sweep goes on. Driver only.
 */
final class SweepReport {
    private final String dir;
    private final PrintStream err;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ffsweep-report");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();

    SweepReport(String dir, PrintStream err) {
        this.dir = dir;
        this.err = err;
    }

    Path page() {
        return Report.defaultPage(dir).toAbsolutePath().normalize();
    }

    /** Asks for a new report; returns at once. */
    void trialStored() {
        if (pending.compareAndSet(false, true)) {
            writer.execute(() -> {
                pending.set(false);
                write();
            });
        }
    }

    /** Waits for a report in progress, then writes the final one. */
    void finish() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(10, TimeUnit.MINUTES);
        write();
    }

    private synchronized void write() {
        try {
            Report.Written w = Report.write(dir, Report.defaultPage(dir), new Configuration());
            err.printf(Locale.ROOT, "report: %d trials, %d figures in %.1f s (reading %.1f s): %s%n", w.trials(),
                    w.figureCount(), w.seconds(), w.readSeconds(), w.html());
        } catch (Exception e) {
            err.println("ffsweep: the report was not written: " + e.getMessage());
        }
    }
}
