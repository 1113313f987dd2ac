package org.ffsweep.core.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Parses IDX files (the MNIST format), raw or gzip-compressed, and checks every header field and
 * the exact data length. Compression is detected by the gzip magic bytes, never by the file name.
 *
 * <p>Layout: two zero bytes, the element type (only {@code 0x08}, unsigned byte, is supported), the
 * number of dimensions (1..4), one big-endian int per dimension, then exactly the product of the
 * dimensions in element bytes.
 */
public final class IdxReader {

    /** In {@link #expectShape}, a dimension that may have any size. */
    public static final int ANY = -1;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8L;

    private IdxReader() {}

    /**
     * Reads and parses an IDX file, raw or gzip-compressed.
     *
     * @throws IdxFormatException if the content is not a well-formed unsigned-byte IDX file
     * @throws IOException if the file cannot be read or its gzip stream is corrupt
     */
    public static IdxFile read(Path file) throws IOException {
        return parse(readContent(file), file);
    }

    /**
     * Returns the uncompressed content of a file: gunzipped if it starts with the gzip magic bytes,
     * as is otherwise.
     *
     * @throws IOException if the file cannot be read or its gzip stream is corrupt
     */
    public static byte[] readContent(Path file) throws IOException {
        try (InputStream in = uncompressed(Files.newInputStream(file))) {
            return in.readAllBytes();
        } catch (ZipException | EOFException e) {
            throw new IOException(file.getFileName() + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps a stream so that it yields uncompressed content: through a gzip decoder if the stream
     * starts with the gzip magic bytes, unchanged otherwise. Closing the result closes {@code in}.
     */
    public static InputStream uncompressed(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        if (m0 == GZIP_MAGIC_0 && m1 == GZIP_MAGIC_1) {
            return new GZIPInputStream(b, 1 << 16);
        }
        return b;
    }

    /**
     * Parses uncompressed IDX content.
     *
     * @param content the whole uncompressed file
     * @param source the file it came from, named in errors
     * @throws IdxFormatException naming the file, the byte offset, what was found and what was
     *     expected
     */
    public static IdxFile parse(byte[] content, Path source) throws IdxFormatException {
        if (content.length < 4) {
            throw truncatedHeader(source, content.length, "at least 4");
        }
        int magic = readInt(content, 0);
        if (content[0] != 0 || content[1] != 0) {
            throw new IdxFormatException(
                    source,
                    0,
                    String.format(
                            "bad magic 0x%08X at byte 0 (expected 0x000008nn: two zero bytes, type"
                                    + " 0x08, 1..4 dimensions; is this an IDX file?)",
                            magic));
        }
        int type = content[2] & 0xff;
        if (type != IdxFile.UNSIGNED_BYTE) {
            throw new IdxFormatException(
                    source,
                    2,
                    String.format(
                            "unsupported element type 0x%02X (%s) at byte 2 in magic 0x%08X"
                                    + " (expected 0x08, unsigned byte)",
                            type, typeName(type), magic));
        }
        int ndims = content[3] & 0xff;
        if (ndims < 1 || ndims > IdxFile.MAX_DIMS) {
            throw new IdxFormatException(
                    source,
                    3,
                    String.format(
                            "%d dimensions at byte 3 in magic 0x%08X (expected 1..%d)",
                            ndims, magic, IdxFile.MAX_DIMS));
        }
        int headerLength = 4 + 4 * ndims;
        if (content.length < headerLength) {
            throw truncatedHeader(source, content.length, headerLength + " for " + ndims + " dimensions");
        }
        int[] dims = new int[ndims];
        long size = 1;
        for (int i = 0; i < ndims; i++) {
            int offset = 4 + 4 * i;
            dims[i] = readInt(content, offset);
            if (dims[i] <= 0) {
                throw new IdxFormatException(
                        source,
                        offset,
                        "dimension "
                                + i
                                + " is "
                                + Integer.toUnsignedString(dims[i])
                                + " at byte "
                                + offset
                                + " (expected 1.."
                                + Integer.MAX_VALUE
                                + ")");
            }
            size *= dims[i];
            if (size > MAX_ARRAY_LENGTH) {
                throw new IdxFormatException(
                        source,
                        offset,
                        "dimensions "
                                + Arrays.toString(Arrays.copyOf(dims, i + 1))
                                + " at byte 4 need more than "
                                + MAX_ARRAY_LENGTH
                                + " bytes (expected at most one Java array)");
            }
        }
        long expectedLength = headerLength + size;
        if (content.length < expectedLength) {
            throw new IdxFormatException(
                    source,
                    content.length,
                    "truncated at byte "
                            + content.length
                            + ": dimensions "
                            + Arrays.toString(dims)
                            + " need "
                            + size
                            + " data bytes ("
                            + expectedLength
                            + " in all), found "
                            + (content.length - headerLength));
        }
        if (content.length > expectedLength) {
            throw new IdxFormatException(
                    source,
                    expectedLength,
                    (content.length - expectedLength)
                            + " trailing bytes at byte "
                            + expectedLength
                            + " (expected the file to end there: dimensions "
                            + Arrays.toString(dims)
                            + ", "
                            + expectedLength
                            + " bytes in all)");
        }
        return new IdxFile(type, dims, Arrays.copyOfRange(content, headerLength, content.length));
    }

    /**
     * Checks the shape of a parsed file.
     *
     * @param file the parsed content
     * @param source the file it came from, named in errors
     * @param expected the expected size of each dimension, or {@link #ANY}; its length is the
     *     expected number of dimensions
     * @throws IdxFormatException at the header offset of the first mismatch
     */
    public static void expectShape(IdxFile file, Path source, int... expected)
            throws IdxFormatException {
        if (file.ndims() != expected.length) {
            throw new IdxFormatException(
                    source,
                    3,
                    file.ndims()
                            + " dimensions "
                            + Arrays.toString(file.dims())
                            + " at byte 3 (expected "
                            + expected.length
                            + ": "
                            + describe(expected)
                            + ")");
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != ANY && file.dim(i) != expected[i]) {
                int offset = 4 + 4 * i;
                throw new IdxFormatException(
                        source,
                        offset,
                        "dimension "
                                + i
                                + " is "
                                + file.dim(i)
                                + " at byte "
                                + offset
                                + " (expected "
                                + expected[i]
                                + " in "
                                + describe(expected)
                                + ")");
            }
        }
    }

    private static String describe(int[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ", ").append(dims[i] == ANY ? "*" : Integer.toString(dims[i]));
        }
        return b.append(']').toString();
    }

    private static int readInt(byte[] b, int offset) {
        return ((b[offset] & 0xff) << 24)
                | ((b[offset + 1] & 0xff) << 16)
                | ((b[offset + 2] & 0xff) << 8)
                | (b[offset + 3] & 0xff);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }

    private static IdxFormatException truncatedHeader(Path source, int length, String expected) {
        return new IdxFormatException(
                source,
                length,
                "truncated header at byte " + length + ": found " + length + " bytes (expected " + expected + ")");
    }
}
