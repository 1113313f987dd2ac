package org.ffsweep.sweep.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Real MNIST from the shared folder (skips the test where it is absent), never downloaded. */
public final class LocalMnist {
    private LocalMnist() {}

    /** The MNIST folder; skips the calling test when there is none. */
    public static Path folder() {
        String shared = System.getProperty("ffsweep.shared.data");
        Assumptions.assumeTrue(shared != null && Files.isDirectory(Path.of(shared, "mnist")), "no real MNIST");
        return Path.of(shared, "mnist");
    }

    /** {@code --set} overrides that read MNIST only from {@link #folder()} into a cache under {@code dir}. */
    public static List<String> dataOverrides(Path dir) {
        return List.of("--set", "ffsweep.data.sources=[local]",
                "--set", "ffsweep.data.local-dir=\"" + folder() + "\"",
                "--set", "ffsweep.data.cache-dir=\"" + dir.resolve("cache") + "\"");
    }
}
