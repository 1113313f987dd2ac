package org.ffsweep.sweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.Phase;
import org.ffsweep.core.run.ResultJson;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;

/** {@code ffsweep train CONF [--set ...]}: one trial, a progress line per record, JSON on stdout. */
final class TrainCommand {
    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws IOException {
        if (args.positional().size() != 1) {
            throw new UsageException("expected: train CONF [--set path=value]...");
        }
        ConfigLoader.Loaded loaded = ConfigLoader.load(Path.of(args.positional().get(0)), args.overrides());
        TrialConfig trial = loaded.trial();
        DataConfig dataConfig = DataConfig.fromConfig(loaded.root().getConfig("ffsweep.data"));
        err.println("trial " + trial.configHash() + " (" + trial.name() + "): " + describe(trial));

        TrialResult result;
        try (DeviceChooser.Lease lease = TrialRunner.lease(loaded.runtime(), null)) { // a broken device fails first
            long t0 = System.nanoTime();
            TrialData data = TrialData.load(trial.dataset(), dataConfig, m -> err.println("data: " + m));
            double dataSeconds = (System.nanoTime() - t0) / 1e9;
            result = TrialRunner.run(trial, loaded.runtime(), lease, data, List.of(new ProgressPrinter(err)))
                    .withPhase(Phase.DATA, dataSeconds);
        }
        err.printf(java.util.Locale.ROOT, "%s: test accuracy %.2f%%, %d steps, %.1f s%n", result.status().key(),
                100 * result.testAccuracy(), result.steps(),
                result.phaseSeconds().values().stream().mapToDouble(Double::doubleValue).sum());
        out.println(ResultJson.toJson(result));
        out.flush();
        return FfsweepMain.OK;
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
