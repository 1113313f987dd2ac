package org.ffsweep.sweep.spark;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.run.TrialData;

/**
 * The one documented per-JVM cache (STYLE.md): each executor loads a data set once and keeps it
 * for all its trials. Bounded by the number of data sets (two). Executor side only.
 */
public final class ExecutorDataCache {
    private static final Map<Dataset, TrialData> CACHE = new EnumMap<>(Dataset.class);

    private ExecutorDataCache() {}

    /** The data set, loaded (fetched if needed) with the rendered {@code ffsweep.data} settings. */
    public static synchronized TrialData get(Dataset dataset, String dataSettings) throws IOException {
        TrialData d = CACHE.get(dataset);
        if (d == null) {
            DataConfig cfg = DataConfig.fromConfig(ConfigFactory.parseString(dataSettings).resolve());
            d = TrialData.load(dataset, cfg, m -> { });
            CACHE.put(dataset, d);
        }
        return d;
    }
}
