package org.ffsweep.core.data;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MNIST sample committed in the repository ({@code core/src/test/resources/mnist-sample/}, the
 * data set {@link Dataset#MNIST_SAMPLE}), for the tests of every module. Never skips: a test that
 * needs the sample fails when it cannot be found.
 *
 * <p>The folder comes from the system property {@value #PROPERTY}, which the build sets for
 * Surefire and Failsafe; without it, from the class path when the sample is there as a folder
 * ({@code target/test-classes}). Tests that start other processes hand its path on with {@link
 * #cliOverrides} or {@link #dataOverrides}.
 */
public final class MnistSample {

    /** The system property naming the sample folder. */
    public static final String PROPERTY = "ffsweep.fixture.data";

    /** Training images in the sample: the first 500 of each digit. */
    public static final int TRAIN_COUNT = 5_000;

    /** Test images in the sample: the first 200 of each digit. */
    public static final int TEST_COUNT = 2_000;

    private MnistSample() {}

    /**
     * Returns the folder holding the four files of the sample.
     *
     * @throws IllegalStateException if it cannot be found or lacks a file
     */
    public static Path folder() {
        String property = System.getProperty(PROPERTY);
        Path dir;
        if (property != null && !property.isBlank()) {
            dir = Path.of(property);
        } else {
            URL url = MnistSample.class.getResource("/mnist-sample/SHA256SUMS");
            if (url == null || !"file".equals(url.getProtocol())) {
                throw new IllegalStateException("the MNIST sample is not found: set the system property "
                        + PROPERTY + " to core/src/test/resources/mnist-sample (found on the class path: " + url + ")");
            }
            try {
                dir = Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("the MNIST sample's URL " + url, e);
            }
        }
        for (DataFile f : DataFile.values()) {
            if (!f.isPresentIn(dir)) {
                throw new IllegalStateException("the MNIST sample folder " + dir + " (system property " + PROPERTY
                        + ") lacks " + f.fileName() + ".gz");
            }
        }
        return dir.toAbsolutePath();
    }

    /** Reads the sample straight from {@link #folder()}, checking it as for any data set. */
    public static MnistData read() throws IOException {
        return MnistData.read(Dataset.MNIST_SAMPLE, folder());
    }

    /** Returns a data config whose only source is {@link #folder()}, cached under {@code cacheDir}. */
    public static DataConfig localOnly(Path cacheDir) {
        return IdxFixtures.config(cacheDir, folder(), List.of(SourceKind.LOCAL), cacheDir.resolve("no-debian"),
                IdxFixtures.noMirrors());
    }

    /**
     * Returns the command-line options that train on the sample: {@code --set dataset=mnist-sample}
     * and {@link #dataOverrides}.
     */
    public static List<String> cliOverrides(Path dir) {
        List<String> args = new ArrayList<>(List.of("--set", "dataset=mnist-sample"));
        args.addAll(dataOverrides(dir));
        return List.copyOf(args);
    }

    /**
     * Returns the command-line options that make {@link #folder()} the only data source, with a
     * data cache under {@code dir}; for sweeps whose file names the data set (a sweep axis may not
     * be set with {@code --set}).
     */
    public static List<String> dataOverrides(Path dir) {
        return List.of(
                "--set", "ffsweep.data.sources=[local]",
                "--set", "ffsweep.data.local-dir=" + quote(folder()),
                "--set", "ffsweep.data.cache-dir=" + quote(dir.resolve("cache")));
    }

    private static String quote(Path p) {
        return com.typesafe.config.ConfigUtil.quoteString(p.toString());
    }
}
