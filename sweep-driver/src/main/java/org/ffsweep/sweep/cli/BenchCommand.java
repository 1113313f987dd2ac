package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ffsweep.core.bench.PackBenchmark;
import org.ffsweep.core.bench.StepBenchmark;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.nn.CpuKernels;
import org.ffsweep.core.run.TrialData;

/**
 * {@code ffsweep bench [--set bench.steps=N] [--set bench.case=K] [--set ...]}: seconds per FF training step and per test prediction for
 * the study's default network and for 4 x 2000 and 3 x 500 ReLU, next to plain libtorch matmuls
 * of the same shapes; a Markdown table on stdout. With {@code --set bench.pack=K}: K quick-start-shaped
 * trials trained packed and one at a time, ending with the line {@code packed K trials: R x} (R =
 * packed trials per hour over one-at-a-time trials per hour). With {@code --set bench.cpu-kernels=both}
 * each network is measured with the CPU kernels ({@code CpuKernels}) off, then on, in the same
 * run, ending with {@code cpu kernels, NAME: R x} (R = seconds per step off over on); {@code off}
 * or {@code on} (the default) measures one.
 */
final class BenchCommand {
    private static final String[][] CASES = {
        {"4x500 ELU, norm, dropout 0.2 (study default)"},
        {"3x500 ReLU, norm, no dropout", "model.hidden-sizes=[500,500,500]", "model.activation=relu", "model.dropout=0"},
        {"4x2000 ELU, norm, dropout 0.2", "model.hidden-sizes=[2000,2000,2000,2000]"},
    };

    /** Epochs of a quick-start chunk: the packed benchmark's steps per trial unless bench.steps says otherwise. */
    private static final int QUICKSTART_EPOCHS = 40;

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws IOException {
        int steps = 10;
        int only = 0;
        int pack = 0;
        String kernels = "on";
        boolean stepsSet = false;
        List<String> overrides = new ArrayList<>();
        for (String o : args.overrides()) {
            if (o.startsWith("bench.case=")) {
                only = positive("bench.case", o.substring("bench.case=".length()).trim());
            } else if (o.startsWith("bench.steps=")) {
                steps = positive("bench.steps", o.substring("bench.steps=".length()).trim());
                stepsSet = true;
            } else if (o.startsWith("bench.cpu-kernels=")) {
                kernels = o.substring("bench.cpu-kernels=".length()).trim();
                if (!List.of("on", "off", "both").contains(kernels)) {
                    throw new UsageException("bench.cpu-kernels must be on, off or both, got '" + kernels + "'");
                }
            } else if (o.startsWith("bench.pack=")) {
                pack = positive("bench.pack", o.substring("bench.pack=".length()).trim());
            } else {
                overrides.add(o);
            }
        }
        ConfigLoader.Loaded base = ConfigLoader.load(ConfigFactory.empty("bench"), overrides);
        DataConfig dataConfig = DataConfig.fromConfig(base.root().getConfig("ffsweep.data"));
        TrialData data = TrialData.load(Dataset.MNIST, dataConfig, m -> err.println("data: " + m));
        int threads = base.runtime().threads() > 0 ? base.runtime().threads() : Runtime.getRuntime().availableProcessors();
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        if (pack > 0) {
            return packed(pack, stepsSet ? steps : QUICKSTART_EPOCHS, overrides, base, data);
        }
        out.printf(Locale.ROOT, "torch threads: %d, steps measured: %d (median after 2 warm-up steps)%n%n", threads, steps);
        out.println("| network | s/step | GFLOP/step (ffsweep / study's code) | GFLOP/s | plain matmul GFLOP/s | "
                + "step vs matmul | s/test prediction (10k x 10 labels) |");
        out.println("|---|---|---|---|---|---|---|");
        for (int k = 0; k < CASES.length; k++) {
            if (only > 0 && only != k + 1) {
                continue;
            }
            String[] c = CASES[k];
            List<String> o = new ArrayList<>(overrides);
            o.addAll(List.of(c).subList(1, c.length));
            TrialConfig t = ConfigLoader.load(ConfigFactory.empty("bench"), o).trial();
            List<Boolean> modes = switch (kernels) {
                case "off" -> List.of(false);
                case "both" -> List.of(false, true);
                default -> List.of(true);
            };
            double[] seconds = new double[2];
            for (boolean on : modes) {
                CpuKernels.setEnabled(on);
                String name = c[0] + (kernels.equals("both") ? (on ? ", CPU kernels on" : ", CPU kernels off") : "");
                StepBenchmark.Row r = StepBenchmark.measure(name, t.model(), t.ff(), t.training(), data.train(),
                        data.test(), steps, Math.max(1, steps / 5), m -> err.println("bench: " + m));
                out.printf(Locale.ROOT, "| %s | %.3f | %.1f / %.1f | %.1f | %.1f | %.2f | %.3f |%n", r.name(),
                        r.stepSeconds(), r.stepGflop(), r.studyGflop(), r.stepGflops(), r.matmulGflops(),
                        r.stepSeconds() / r.matmulSeconds(), r.predictSeconds());
                out.flush();
                seconds[on ? 1 : 0] = r.stepSeconds();
            }
            CpuKernels.setEnabled(true);
            if (kernels.equals("both")) {
                out.printf(Locale.ROOT, "cpu kernels, %s: %.2f x%n", c[0], seconds[0] / seconds[1]);
            }
        }
        return FfsweepMain.OK;
    }

    /**
     * {@code bench.pack=K}: K trials of conf/quickstart.conf's shape (2 x 500 ReLU, no dropout,
     * margin 0, batch 1000), thresholds 1, 1.25, 1.5, ... and seeds 42, 43, ..., each one chunk of
     * {@code epochs} steps and one test evaluation, packed and then one at a time.
     */
    private int packed(int k, int epochs, List<String> overrides, ConfigLoader.Loaded base, TrialData data) {
        List<TrialConfig> trials = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<String> o = new ArrayList<>(List.of("model.hidden-sizes=[500,500]", "model.activation=relu",
                    "model.dropout=0", "ff.margin=0", "training.batch-size=1000", "training.max-chunks=1",
                    "training.epochs=" + epochs, "metrics.every-steps=200", "metrics.eval-every-steps=200",
                    "ff.threshold=" + (1.0 + 0.25 * i), "seed=" + (42 + i), "name=quickstart-" + (i + 1)));
            o.addAll(overrides);
            trials.add(ConfigLoader.load(ConfigFactory.empty("bench"), o).trial());
        }
        out.printf(Locale.ROOT, "%d quick-start-shaped trials (2x500 ReLU, batch 1000, %d steps and one test"
                + " evaluation each), packed and one at a time%n", k, epochs);
        PackBenchmark.Result r = PackBenchmark.measure(trials, base.runtime(), data, m -> err.println("bench: " + m));
        out.printf(Locale.ROOT, "packed: %.1f s, one at a time: %.1f s, largest final test accuracy difference %.4f%n",
                r.packedSeconds(), r.sequentialSeconds(), r.maxAccuracyDifference());
        out.printf(Locale.ROOT, "packed %d trials: %.2f x%n", k, r.ratio());
        return FfsweepMain.OK;
    }

    private static int positive(String key, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(key + " must be a positive integer, got '" + v + "'");
    }
}
