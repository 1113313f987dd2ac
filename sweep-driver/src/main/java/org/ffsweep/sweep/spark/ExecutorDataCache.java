package org.ffsweep.sweep.spark;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.DataFetcher;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.data.MnistData;
import org.ffsweep.core.train.ImageSet;

/**
 * The one documented per-JVM cache (STYLE.md): each executor loads a data set once and keeps it
 * for all its trials. Bounded by the number of data sets (two). Executor side only.
 */
public final class ExecutorDataCache {
    /** A data set ready for training. */
    public record Loaded(ImageSet train, ImageSet test, String fingerprint) {}

    private static final Map<String, Loaded> CACHE = new HashMap<>();

    private ExecutorDataCache() {}

    /** The data set, loaded (fetched if needed) with the rendered {@code ffsweep.data} settings. */
    public static synchronized Loaded get(String dataset, String dataSettings) throws IOException {
        Loaded l = CACHE.get(dataset);
        if (l == null) {
            DataConfig cfg = DataConfig.fromConfig(ConfigFactory.parseString(dataSettings).resolve());
            MnistData d = DataFetcher.load(Dataset.fromConfigName(dataset), cfg, m -> { });
            l = new Loaded(of(d.train()), of(d.test()), d.fingerprint());
            CACHE.put(dataset, l);
        }
        return l;
    }

    private static ImageSet of(org.ffsweep.core.data.LabeledImages images) {
        return new ImageSet(images.copyImages(), images.copyLabels(), images.count(), images.pixelsPerImage());
    }
}
