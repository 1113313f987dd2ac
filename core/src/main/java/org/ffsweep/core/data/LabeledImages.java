package org.ffsweep.core.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An immutable set of grey-scale images with digit labels: {@code count} images of {@code rows x
 * cols} unsigned-byte pixels, row-major and image after image, and one label in 0..9 per image.
 *
 * <p>The arrays are private; callers get read-only views, copies, or single values.
 */
public final class LabeledImages {

    /** The number of classes; labels lie in {@code 0..NUM_CLASSES-1}. */
    public static final int NUM_CLASSES = 10;

    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] images;
    private final byte[] labels;

    private LabeledImages(int rows, int cols, byte[] images, byte[] labels) {
        this.count = labels.length;
        this.rows = rows;
        this.cols = cols;
        this.images = images;
        this.labels = labels;
    }

    /**
     * Copies synthetic or already-checked arrays into a new instance.
     *
     * @param images {@code labels.length * rows * cols} unsigned pixels, row-major
     * @param labels one label in 0..9 per image
     * @throws IllegalArgumentException if the sizes disagree or a label is out of range
     */
    public static LabeledImages of(byte[] images, byte[] labels, int rows, int cols) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(
                    "image shape is " + rows + "x" + cols + " (expected positive sizes)");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no images (expected at least one)");
        }
        long expected = (long) labels.length * rows * cols;
        if (images.length != expected) {
            throw new IllegalArgumentException(
                    "images has "
                            + images.length
                            + " bytes (expected "
                            + labels.length
                            + " labels x "
                            + rows
                            + "x"
                            + cols
                            + " = "
                            + expected
                            + ")");
        }
        int bad = firstBadLabel(labels);
        if (bad >= 0) {
            throw new IllegalArgumentException(
                    "label " + (labels[bad] & 0xff) + " at index " + bad + " (expected 0..9)");
        }
        return new LabeledImages(rows, cols, images.clone(), labels.clone());
    }

    /**
     * Builds an instance from a parsed image file ({@code [n, rows, cols]}) and label file ({@code
     * [n]}), checking shapes, counts and label range. Takes ownership of the files' data arrays (no
     * copy): the caller must not keep or change them.
     *
     * @throws IdxFormatException naming the file, the byte offset, and what was expected
     */
    public static LabeledImages fromIdx(
            IdxFile images, Path imagesPath, IdxFile labels, Path labelsPath, int rows, int cols)
            throws IdxFormatException {
        IdxReader.expectShape(images, imagesPath, IdxReader.ANY, rows, cols);
        IdxReader.expectShape(labels, labelsPath, IdxReader.ANY);
        if (images.count() != labels.count()) {
            throw new IdxFormatException(
                    labelsPath,
                    4,
                    labels.count()
                            + " labels at byte 4 of "
                            + labelsPath.getFileName()
                            + " but "
                            + images.count()
                            + " images in "
                            + imagesPath.getFileName()
                            + " (expected equal counts)");
        }
        byte[] labelBytes = labels.data();
        int bad = firstBadLabel(labelBytes);
        if (bad >= 0) {
            long offset = labels.headerLength() + (long) bad;
            throw new IdxFormatException(
                    labelsPath,
                    offset,
                    "label "
                            + (labelBytes[bad] & 0xff)
                            + " of item "
                            + bad
                            + " at byte "
                            + offset
                            + " (expected 0..9)");
        }
        return new LabeledImages(rows, cols, images.data(), labelBytes);
    }

    private static int firstBadLabel(byte[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xff) >= NUM_CLASSES) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the number of images. */
    public int count() {
        return count;
    }

    /** Returns the image height in pixels. */
    public int rows() {
        return rows;
    }

    /** Returns the image width in pixels. */
    public int cols() {
        return cols;
    }

    /** Returns the number of pixels in one image ({@code rows * cols}). */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Returns the label of image {@code i}, in 0..9. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, count)];
    }

    /** Returns pixel {@code p} (row-major) of image {@code i}, in 0..255. */
    public int pixel(int i, int p) {
        Objects.checkIndex(i, count);
        return images[i * pixelsPerImage() + Objects.checkIndex(p, pixelsPerImage())] & 0xff;
    }

    /**
     * Returns a read-only view of all pixels ({@code count * rows * cols} unsigned bytes, position
     * 0), for example for {@code NDManager.create(buffer, shape, DataType.UINT8)}.
     */
    public ByteBuffer images() {
        return ByteBuffer.wrap(images).asReadOnlyBuffer();
    }

    /** Returns a read-only view of all labels ({@code count} bytes, position 0). */
    public ByteBuffer labels() {
        return ByteBuffer.wrap(labels).asReadOnlyBuffer();
    }

    /** Returns a copy of all pixels. */
    public byte[] copyImages() {
        return images.clone();
    }

    /** Returns a copy of all labels. */
    public byte[] copyLabels() {
        return labels.clone();
    }

    /** Copies the pixels of image {@code i} into {@code dst} from {@code dstOffset}. */
    public void copyImage(int i, byte[] dst, int dstOffset) {
        int n = pixelsPerImage();
        System.arraycopy(images, Objects.checkIndex(i, count) * n, dst, dstOffset, n);
    }

    /** Returns how many images carry each label, indexed by label. */
    public int[] labelCounts() {
        int[] counts = new int[NUM_CLASSES];
        for (byte b : labels) {
            counts[b]++;
        }
        return counts;
    }

    /** Returns the SHA-256 of the IDX file that holds these images (header and pixels). */
    String imagesSha256() {
        return Sha256.hex(
                new IdxFile(IdxFile.UNSIGNED_BYTE, new int[] {count, rows, cols}, images).header(),
                images);
    }

    /** Returns the SHA-256 of the IDX file that holds these labels (header and labels). */
    String labelsSha256() {
        return Sha256.hex(
                new IdxFile(IdxFile.UNSIGNED_BYTE, new int[] {count}, labels).header(), labels);
    }

    @Override
    public String toString() {
        return "LabeledImages(" + count + " x " + rows + "x" + cols + ")";
    }
}
