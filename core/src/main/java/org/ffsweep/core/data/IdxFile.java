package org.ffsweep.core.data;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The parsed content of one IDX file: its element type, its shape and its raw element bytes in
 * row-major order.
 *
 * <p>{@code dims} is copied on the way in and out. {@code data} is not copied (an MNIST image file
 * holds 47 MB); callers must treat it as read-only.
 *
 * @param elementType the IDX type byte ({@link #UNSIGNED_BYTE} is the only one read here)
 * @param dims the sizes of the dimensions, outermost first (1 to 4 of them, each positive)
 * @param data the elements, {@code product(dims)} bytes
 */
public record IdxFile(int elementType, int[] dims, byte[] data) {

    /** The IDX type byte of unsigned 8-bit elements. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The most dimensions an IDX file may declare here. */
    public static final int MAX_DIMS = 4;

    /**
     * Checks the shape against the data.
     *
     * @throws IllegalArgumentException if the shape is empty, too long, non-positive, or does not
     *     match the data length
     */
    public IdxFile {
        if (elementType != UNSIGNED_BYTE) {
            throw new IllegalArgumentException(
                    String.format(
                            "element type 0x%02X is not supported (expected 0x%02X, unsigned byte)",
                            elementType, UNSIGNED_BYTE));
        }
        dims = dims.clone();
        if (dims.length < 1 || dims.length > MAX_DIMS) {
            throw new IllegalArgumentException(
                    "dims has " + dims.length + " entries (expected 1.." + MAX_DIMS + ")");
        }
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException(
                        "dims[" + i + "] is " + dims[i] + " (expected > 0)");
            }
            size *= dims[i];
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "data has "
                            + data.length
                            + " bytes but dims "
                            + Arrays.toString(dims)
                            + " need "
                            + size);
        }
    }

    /** Returns a copy of the dimension sizes. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Returns the number of dimensions. */
    public int ndims() {
        return dims.length;
    }

    /** Returns the size of dimension {@code i}. */
    public int dim(int i) {
        return dims[i];
    }

    /** Returns the number of items (the size of the outermost dimension). */
    public int count() {
        return dims[0];
    }

    /** Returns the length of the IDX header: the magic number and one int per dimension. */
    public int headerLength() {
        return 4 + 4 * dims.length;
    }

    /** Returns the IDX header bytes that precede {@link #data()} in a file of this content. */
    public byte[] header() {
        ByteBuffer b = ByteBuffer.allocate(headerLength());
        b.put((byte) 0).put((byte) 0).put((byte) elementType).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile other
                && elementType == other.elementType
                && Arrays.equals(dims, other.dims)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * elementType + Arrays.hashCode(dims)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("IdxFile(type=0x%02X, dims=%s)", elementType, Arrays.toString(dims));
    }
}
