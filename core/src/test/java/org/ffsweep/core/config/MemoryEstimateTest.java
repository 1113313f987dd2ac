package org.ffsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryEstimateTest {
    private static final ConfigOrigin ORIGIN = ConfigFactory.empty("test.conf").origin();

    @TempDir
    Path dir;

    private TrialConfig trial(String text) throws Exception {
        return ConfigLoader.load(Files.writeString(dir.resolve("t.conf"), text), List.of()).trial();
    }

    @Test
    void theStudysDefaultCountsItsParametersAndRows() throws Exception {
        TrialConfig t = trial("");
        assertEquals(784 * 500 + 500 + 3 * (500 * 500 + 500), MemoryEstimate.parameters(t.model()));
        assertEquals(20_000, MemoryEstimate.rows(t)); // 10,000 positives and as many negatives
        double bytes = MemoryEstimate.bytes(t);
        assertTrue(bytes > 0.5e9 && bytes < 0.7e9, "about 0.56 GB, got " + bytes);

        MemoryEstimate.check(t, 1_000_000_000L, ORIGIN);
        ConfigException e = assertThrows(ConfigException.class, () -> MemoryEstimate.check(t, 100_000_000L, ORIGIN));
        assertTrue(e.getMessage().contains("ffsweep.trial.model.hidden-sizes"), e.getMessage());
        assertTrue(e.getMessage().contains("more than this machine's 0.1 GB"), e.getMessage());
    }

    @Test
    void allNegativesAndTrainLimitChangeTheRows() throws Exception {
        assertEquals(10 * 1000, MemoryEstimate.rows(trial("ffsweep.trial { ff.negatives = all\n"
                + " training.batch-size = 1000 }")));
        assertEquals(2 * 300, MemoryEstimate.rows(trial("ffsweep.trial.training.train-limit = 300")));
    }
}
