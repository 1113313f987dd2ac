package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ffsweep.core.bench.StepBenchmark;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.run.TrialData;

/**
 * {@code ffsweep bench [--set bench.steps=N] [--set bench.case=K] [--set ...]}: seconds per FF training step and per test prediction for
 * the study's default network and for 4 x 2000 and 3 x 500 ReLU, next to plain libtorch matmuls
 * of the same shapes; a Markdown table on stdout.
 */
final class BenchCommand {
    private static final String[][] CASES = {
        {"4x500 ELU, norm, dropout 0.2 (study default)"},
        {"3x500 ReLU, norm, no dropout", "model.hidden-sizes=[500,500,500]", "model.activation=relu", "model.dropout=0"},
        {"4x2000 ELU, norm, dropout 0.2", "model.hidden-sizes=[2000,2000,2000,2000]"},
    };

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(Args args) throws IOException {
        int steps = 10;
        int only = 0;
        List<String> overrides = new ArrayList<>();
        for (String o : args.overrides()) {
            if (o.startsWith("bench.case=")) {
                only = positive("bench.case", o.substring("bench.case=".length()).trim());
            } else if (o.startsWith("bench.steps=")) {
                steps = positive("bench.steps", o.substring("bench.steps=".length()).trim());
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
            StepBenchmark.Row r = StepBenchmark.measure(c[0], t.model(), t.ff(), t.training(), data.train(),
                    data.test(), steps, Math.max(1, steps / 5), m -> err.println("bench: " + m));
            out.printf(Locale.ROOT, "| %s | %.3f | %.1f / %.1f | %.1f | %.1f | %.2f | %.3f |%n", r.name(), r.stepSeconds(),
                    r.stepGflop(), r.studyGflop(), r.stepGflops(), r.matmulGflops(), r.stepSeconds() / r.matmulSeconds(),
                    r.predictSeconds());
            out.flush();
        }
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
