package org.ffsweep.sweep.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.DataFetcher;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.data.MnistData;

/** {@code ffsweep data fetch NAME [CONF] [--set ...]}: fetch, verify and cache a data set. */
final class DataCommand {
    private final PrintStream err;

    DataCommand(PrintStream err) {
        this.err = err;
    }

    int run(Args args) throws IOException {
        List<String> p = args.positional();
        if (p.size() < 2 || p.size() > 3 || !p.get(0).equals("fetch")) {
            throw new UsageException("expected: data fetch mnist|fashion-mnist [CONF]");
        }
        Dataset dataset;
        try {
            dataset = Dataset.fromConfigName(p.get(1));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ConfigLoader.Loaded loaded = p.size() == 3
                ? ConfigLoader.load(Path.of(p.get(2)), args.overrides())
                : ConfigLoader.load(ConfigFactory.empty("command line"), args.overrides());
        DataConfig cfg = DataConfig.fromConfig(loaded.root().getConfig("ffsweep.data"));
        MnistData data = DataFetcher.load(dataset, cfg, m -> err.println("data: " + m));
        err.println("data: " + data + " ready in " + cfg.cacheDir().resolve(dataset.configName()));
        return FfsweepMain.OK;
    }
}
