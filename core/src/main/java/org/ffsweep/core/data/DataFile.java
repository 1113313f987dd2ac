package org.ffsweep.core.data;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The four standard IDX files of an MNIST-style data set. */
public enum DataFile {
    TRAIN_IMAGES("train-images-idx3-ubyte"),
    TRAIN_LABELS("train-labels-idx1-ubyte"),
    TEST_IMAGES("t10k-images-idx3-ubyte"),
    TEST_LABELS("t10k-labels-idx1-ubyte");

    /** The suffix of the gzip-compressed form of a file, as the publishers ship them. */
    public static final String GZ = ".gz";

    private final String fileName;

    DataFile(String fileName) {
        this.fileName = fileName;
    }

    /**
     * Returns the standard file name, uncompressed (for example {@code train-images-idx3-ubyte}).
     */
    public String fileName() {
        return fileName;
    }

    /**
     * Finds this file in a folder as {@code NAME} or {@code NAME.gz}, preferring {@code NAME} when
     * both exist.
     *
     * @throws NoSuchFileException naming both candidates if neither is a regular file
     */
    public Path locate(Path dir) throws NoSuchFileException {
        Path raw = dir.resolve(fileName);
        if (Files.isRegularFile(raw)) {
            return raw;
        }
        Path gz = dir.resolve(fileName + GZ);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new NoSuchFileException(
                raw.toString(), null, "missing, and so is " + gz.getFileName());
    }

    /** Returns whether {@link #locate} would find this file in {@code dir}. */
    public boolean isPresentIn(Path dir) {
        return Files.isRegularFile(dir.resolve(fileName))
                || Files.isRegularFile(dir.resolve(fileName + GZ));
    }
}
