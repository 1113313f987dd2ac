package org.ffsweep.sweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.LocalCheckpointStore;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.ResultJson;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;

/**
 * {@code ffsweep train CONF [--checkpoint-dir DIR] [--set ...]}: one trial, a progress line per
 * record, JSON on stdout. With a checkpoint folder the trial saves its state there
 * ({@code ffsweep.checkpoint}) and, run again, continues from it: a long trial spans restarts and
 * ends with the numbers of an uninterrupted run.
 */
final class TrainCommand {
    /** The options that take a value. */
    static final Set<String> OPTIONS = Set.of("--checkpoint-dir");

    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws IOException {
        if (args.positional().size() != 1) {
            throw new UsageException("expected: train CONF [--checkpoint-dir DIR] [--set path=value]...");
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(Path.of(args.positional().get(0)), args.overrides());
        TrialConfig trial = loaded.trial();
        DataConfig dataConfig = DataConfig.fromConfig(loaded.root().getConfig("ffsweep.data"));
        err.println("trial " + trial.configHash() + " (" + trial.name() + "): " + describe(trial));
        Checkpointing checkpointing = Checkpointing.off();
        String dir = args.option("--checkpoint-dir", null);
        if (dir != null) {
            Path folder = checkpointFolder(dir);
            checkpointing = loaded.checkpoint().in(new LocalCheckpointStore(folder), trial.configHash());
            boolean resuming = Files.exists(folder.resolve(Checkpointing.NAME));
            err.println("checkpoints: " + folder + (resuming ? " (continuing from " + Checkpointing.NAME + ")" : ""));
        }

        TrialResult result;
        try (DeviceChooser.Lease lease = TrialRunner.lease(loaded.runtime(), null)) { // a broken device fails first
            long t0 = System.nanoTime();
            TrialData data = TrialData.load(trial.dataset(), dataConfig, m -> err.println("data: " + m));
            double dataSeconds = (System.nanoTime() - t0) / 1e9;
            result = TrialRunner.run(trial, loaded.runtime(), lease, data, List.of(new ProgressPrinter(err)),
                    checkpointing).withPhase(Phase.DATA, dataSeconds);
        }
        err.printf(java.util.Locale.ROOT, "%s: test accuracy %.2f%%%s, %d steps, %.1f s%n", result.status().key(),
                100 * result.testAccuracy(), Double.isNaN(result.validationAccuracy()) ? ""
                        : String.format(java.util.Locale.ROOT, ", validation %.2f%%", 100 * result.validationAccuracy()),
                result.steps(),
                result.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum());
        out.println(ResultJson.toJson(result));
        out.flush();
        return FfsweepMain.OK;
    }

    private static Path checkpointFolder(String dir) {
        Path p;
        try {
            p = Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            throw new BadInputException("--checkpoint-dir: \"" + dir + "\" is not a path: " + e.getMessage());
        }
        if (dir.isBlank() || Files.exists(p) && !Files.isDirectory(p)) {
            throw new BadInputException("--checkpoint-dir: \"" + dir + "\" (expected a folder)");
        }
        return p;
    }

    private static String describe(TrialConfig t) {
        var m = t.model();
        var tr = t.training();
        return m.kind().key() + " " + m.hiddenSizes() + " " + m.activation().key()
                + (m.kind() == org.ffsweep.core.config.Options.ModelKind.FF
                        ? ", threshold " + t.ff().threshold() + ", margin " + t.ff().margin() + ", negatives "
                                + t.ff().negatives().key()
                        : "")
                + ", " + tr.schedule().key() + " batch " + tr.batchSize() + " x " + tr.epochs() + " epochs, lr "
                + tr.learningRate();
    }
}
