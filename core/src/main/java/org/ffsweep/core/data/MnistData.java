package org.ffsweep.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable MNIST-style data set in memory: the train and test {@link LabeledImages} of one
 * {@link Dataset}, and a fingerprint that identifies their content.
 *
 * <p>Plain Java arrays only: conversion to NDArrays happens inside a caller-supplied manager.
 */
public final class MnistData {

    /** The image height of MNIST and Fashion-MNIST. */
    public static final int ROWS = 28;

    /** The image width of MNIST and Fashion-MNIST. */
    public static final int COLS = 28;

    private static final Logger LOG = LoggerFactory.getLogger(MnistData.class);

    private final Dataset dataset;
    private final LabeledImages train;
    private final LabeledImages test;
    private final String fingerprint;

    private MnistData(
            Dataset dataset, LabeledImages train, LabeledImages test, String fingerprint) {
        this.dataset = dataset;
        this.train = train;
        this.test = test;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads the four files of a data set from a folder (each as {@code NAME} or {@code NAME.gz})
     * and checks the SHA-256 of each file's uncompressed content against the published one, then
     * its IDX structure, the 28x28 shape, the image and label counts, and the label range.
     *
     * @throws java.nio.file.NoSuchFileException if a file is missing
     * @throws ChecksumMismatchException naming the file, the expected and the actual hash
     * @throws IdxFormatException if a file is malformed or the files disagree
     * @throws IOException if a file cannot be read
     */
    public static MnistData read(Dataset dataset, Path dir) throws IOException {
        Map<DataFile, Path> paths = new EnumMap<>(DataFile.class);
        Map<DataFile, IdxFile> files = new EnumMap<>(DataFile.class);
        for (DataFile f : DataFile.values()) {
            Path path = f.locate(dir);
            byte[] content = IdxReader.readContent(path);
            String actual = Sha256.hex(content);
            String expected = dataset.sha256(f);
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(
                        path.toString(),
                        expected,
                        actual,
                        "this is not the published "
                                + dataset
                                + " file; delete it to fetch it again");
            }
            files.put(f, IdxReader.parse(content, path));
            paths.put(f, path);
        }
        LabeledImages train =
                LabeledImages.fromIdx(
                        files.get(DataFile.TRAIN_IMAGES),
                        paths.get(DataFile.TRAIN_IMAGES),
                        files.get(DataFile.TRAIN_LABELS),
                        paths.get(DataFile.TRAIN_LABELS),
                        ROWS,
                        COLS);
        LabeledImages test =
                LabeledImages.fromIdx(
                        files.get(DataFile.TEST_IMAGES),
                        paths.get(DataFile.TEST_IMAGES),
                        files.get(DataFile.TEST_LABELS),
                        paths.get(DataFile.TEST_LABELS),
                        ROWS,
                        COLS);
        MnistData data =
                new MnistData(
                        dataset,
                        train,
                        test,
                        fingerprint(
                                dataset.sha256(DataFile.TRAIN_IMAGES),
                                dataset.sha256(DataFile.TRAIN_LABELS),
                                dataset.sha256(DataFile.TEST_IMAGES),
                                dataset.sha256(DataFile.TEST_LABELS)));
        LOG.info("read {} from {}: {}", dataset, dir, data);
        return data;
    }

    /**
     * Wraps arrays that did not come from {@link #read}, such as synthetic test fixtures. Images of
     * any size are accepted as long as train and test agree; the fingerprint is computed from the
     * content exactly as for files.
     *
     * @throws IllegalArgumentException if train and test images differ in shape
     */
    public static MnistData of(Dataset dataset, LabeledImages train, LabeledImages test) {
        Objects.requireNonNull(dataset, "dataset");
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IllegalArgumentException(
                    "train images are "
                            + train.rows()
                            + "x"
                            + train.cols()
                            + " but test images are "
                            + test.rows()
                            + "x"
                            + test.cols()
                            + " (expected the same shape)");
        }
        return new MnistData(
                dataset,
                train,
                test,
                fingerprint(
                        train.imagesSha256(),
                        train.labelsSha256(),
                        test.imagesSha256(),
                        test.labelsSha256()));
    }

    private static String fingerprint(
            String trainImages, String trainLabels, String testImages, String testLabels) {
        String joined = String.join("\n", trainImages, trainLabels, testImages, testLabels);
        return Sha256.hex(joined.getBytes(StandardCharsets.US_ASCII));
    }

    /** Returns the data set these arrays claim to be. */
    public Dataset dataset() {
        return dataset;
    }

    /** Returns the training images and labels. */
    public LabeledImages train() {
        return train;
    }

    /** Returns the test images and labels. */
    public LabeledImages test() {
        return test;
    }

    /** Returns the image height in pixels. */
    public int rows() {
        return train.rows();
    }

    /** Returns the image width in pixels. */
    public int cols() {
        return train.cols();
    }

    /**
     * Returns the lower-case hex SHA-256 over the four files' SHA-256 hashes (train images, train
     * labels, test images, test labels, joined by newlines): the same for the same content, whether
     * read from files or built with {@link #of}.
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "MnistData("
                + dataset
                + ", train="
                + train.count()
                + ", test="
                + test.count()
                + ", "
                + rows()
                + "x"
                + cols()
                + ", fingerprint="
                + fingerprint.substring(0, 12)
                + ")";
    }
}
