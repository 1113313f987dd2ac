package org.ffsweep.sweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.examples.DataExamples;
import org.ffsweep.core.examples.ExampleSheet;
import org.ffsweep.core.run.TrialData;

/**
 * {@code ffsweep show-data CONF --out DIR [--count N] [--set ...]}: PNG pictures of the positive
 * and negative data the trial would train on (label overlays and wrong labels; hybrid images,
 * their masks and noise; same-class pairs), one file per sheet; the files' paths on stdout.
 */
final class ShowDataCommand {
    static final Set<String> OPTIONS = Set.of("--out", "--count");
    private static final int DEFAULT_COUNT = 6;
    private static final int MAX_COUNT = 100;

    private final PrintStream out;
    private final PrintStream err;

    ShowDataCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws IOException {
        if (args.positional().size() != 1 || !args.options().containsKey("--out")) {
            throw new UsageException("expected: show-data CONF --out DIR [--count N] [--set path=value]...");
        }
        int count = count(args.option("--count", Integer.toString(DEFAULT_COUNT)));
        ConfigLoader.Loaded loaded = ConfigLoader.load(Path.of(args.positional().get(0)), args.overrides());
        TrialConfig trial = loaded.trial();
        DataConfig dataConfig = DataConfig.fromConfig(loaded.root().getConfig("ffsweep.data"));
        Path dir = Path.of(args.option("--out", ""));
        TrialData data = TrialData.load(trial.dataset(), dataConfig, m -> err.println("data: " + m));
        List<ExampleSheet> sheets = DataExamples.of(trial, data.train(), count);
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // Java2D on images only; never a display
        }
        Files.createDirectories(dir);
        SheetPainter painter = new SheetPainter();
        for (ExampleSheet sheet : sheets) {
            Path file = dir.resolve(sheet.fileName());
            painter.write(sheet, file);
            out.println(file);
        }
        out.flush();
        err.println("show-data: " + sheets.size() + " PNG file(s) of " + trial.model().kind().key() + " data in " + dir);
        return FfsweepMain.OK;
    }

    private static int count(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= MAX_COUNT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--count expects a whole number from 1 to " + MAX_COUNT + ", got '" + text + "'");
    }
}
