package org.ffsweep.core.data;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.ffsweep.core.config.ConfigEnum;

/**
 * The MNIST-style data sets ffsweep trains on, each with its configuration name and the SHA-256 of
 * the uncompressed content of its four IDX files (their identity: a file that hashes differently
 * is not the data set, whichever source it came from).
 *
 * <p>{@link #MNIST_SAMPLE} is a small, fixed subset of MNIST that ships inside the repository
 * ({@code core/src/test/resources/mnist-sample/}); it has no download source, so it is read
 * through {@code ffsweep.data.local-dir}. The tests train on it; users can too, for a quick check.
 */
public enum Dataset implements ConfigEnum {
    /** MNIST handwritten digits (LeCun, Cortes, Burges): 60,000 train and 10,000 test images. */
    MNIST(
            "mnist",
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    /** Fashion-MNIST (Zalando Research): the same shape and format, ten clothing classes. */
    FASHION_MNIST(
            "fashion-mnist",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
    /**
     * A stratified subset of MNIST in the repository: the first 500 training and the first 200 test
     * images of each digit, in file order (5,000 and 2,000 images; {@code
     * scripts/MakeMnistSample.java} makes it, {@code mnist-sample/README.md} says more).
     */
    MNIST_SAMPLE(
            "mnist-sample",
            "36cb395b94762f0009909e61c7df0bc6d23da1b3e0251f38b10b10501b652034",
            "6bf07e4d2b09bd66291b74f06f4d0e8c9f34e62ddcb50269a3126f861d1e7d68",
            "780e99a56e963f3affe4791a03545a6ddbdc0904dd880c7f3c50753282177303",
            "b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129");

    private final String configName;
    private final Map<DataFile, String> sha256 = new EnumMap<>(DataFile.class);

    Dataset(
            String configName,
            String trainImages,
            String trainLabels,
            String testImages,
            String testLabels) {
        this.configName = configName;
        sha256.put(DataFile.TRAIN_IMAGES, trainImages);
        sha256.put(DataFile.TRAIN_LABELS, trainLabels);
        sha256.put(DataFile.TEST_IMAGES, testImages);
        sha256.put(DataFile.TEST_LABELS, testLabels);
    }

    /** Returns the name used in configuration files and cache folders ({@code fashion-mnist}). */
    public String configName() {
        return configName;
    }

    /** The spelling in configuration files and results: {@link #configName()}. */
    @Override
    public String key() {
        return configName;
    }

    /** Returns the lower-case hex SHA-256 of the uncompressed content of one of its files. */
    public String sha256(DataFile file) {
        return sha256.get(file);
    }

    /**
     * Returns the data set with this configuration name.
     *
     * @throws IllegalArgumentException naming the valid names if there is none
     */
    public static Dataset fromConfigName(String name) {
        for (Dataset d : values()) {
            if (d.configName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "unknown data set \"" + name + "\" (expected one of " + configNames() + ")");
    }

    /** Returns the configuration names of all data sets, comma-separated. */
    public static String configNames() {
        return Arrays.stream(values()).map(Dataset::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
