package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxFixtures.gzip;
import static org.ffsweep.core.data.IdxFixtures.idx;
import static org.ffsweep.core.data.IdxFixtures.images;
import static org.ffsweep.core.data.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

class IdxReaderTest {

    @TempDir Path dir;

    @Test
    void readsRawFile() throws IOException {
        IdxFile f = IdxReader.read(write(dir, "img", images(3, 2, 2)));
        assertEquals(IdxFile.UNSIGNED_BYTE, f.elementType());
        assertArrayEquals(new int[] {3, 2, 2}, f.dims());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, f.data());
        assertEquals("IdxFile(type=0x08, dims=[3, 2, 2])", f.toString());
        assertArrayEquals(Arrays.copyOf(images(3, 2, 2), 16), f.header());
    }

    @Test
    void detectsGzipByMagicNotByName() throws IOException {
        IdxFile fromGzip = IdxReader.read(write(dir, "no-suffix", gzip(images(3, 2, 2))));
        IdxFile fromRaw = IdxReader.read(write(dir, "raw.gz", images(3, 2, 2)));
        assertEquals(fromRaw, fromGzip);
        assertArrayEquals(images(3, 2, 2), IdxReader.readContent(dir.resolve("no-suffix")));
    }

    @Test
    void badMagic() throws IOException {
        byte[] bad = idx(0x08, new int[] {1}, new byte[1]);
        bad[1] = 1;
        Path p = write(dir, "train-images-idx3-ubyte", bad);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(0, e.offset());
        assertEquals(p, e.file());
        assertContains(
                e, "train-images-idx3-ubyte: bad magic 0x00010801 at byte 0 (expected 0x000008");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07})
    void unsupportedElementType(int type) throws IOException {
        Path p = write(dir, "f", idx(type, new int[] {2}, new byte[2]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(2, e.offset());
        assertContains(e, String.format("unsupported element type 0x%02X", type));
        assertContains(e, "expected 0x08, unsigned byte");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 255})
    void badNumberOfDimensions(int ndims) throws IOException {
        byte[] b = idx(0x08, new int[] {1}, new byte[1]);
        b[3] = (byte) ndims;
        Path p = write(dir, "f", b);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(3, e.offset());
        assertContains(e, ndims + " dimensions at byte 3");
        assertContains(e, "expected 1..4");
    }

    @Test
    void zeroDimension() throws IOException {
        Path p = write(dir, "f", idx(0x08, new int[] {3, 0, 2}, new byte[0]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(8, e.offset());
        assertContains(e, "dimension 1 is 0 at byte 8");
    }

    @Test
    void negativeDimensionIsShownUnsigned() throws IOException {
        Path p = write(dir, "f", idx(0x08, new int[] {-1}, new byte[0]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(4, e.offset());
        assertContains(e, "dimension 0 is 4294967295 at byte 4");
    }

    @Test
    void dimensionsTooLargeForAnArray() throws IOException {
        Path p = write(dir, "f", idx(0x08, new int[] {65536, 65536}, new byte[0]));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertContains(e, "[65536, 65536]");
        assertContains(e, "expected at most one Java array");
    }

    @Test
    void truncatedMagic() throws IOException {
        Path p = write(dir, "f", new byte[] {0, 0, 8});
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(3, e.offset());
        assertContains(e, "truncated header at byte 3");
    }

    @Test
    void truncatedDimensions() throws IOException {
        byte[] full = idx(0x08, new int[] {3, 2, 2}, new byte[0]);
        Path p = write(dir, "f", Arrays.copyOf(full, 10));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(10, e.offset());
        assertContains(e, "truncated header at byte 10");
        assertContains(e, "expected 16 for 3 dimensions");
    }

    @Test
    void truncatedDataNamesExpectedFoundAndOffset() throws IOException {
        byte[] full = images(3, 2, 2);
        Path p =
                write(dir, "t10k-images-idx3-ubyte.gz", gzip(Arrays.copyOf(full, full.length - 5)));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(23, e.offset());
        assertContains(e, "t10k-images-idx3-ubyte.gz: truncated at byte 23");
        assertContains(e, "need 12 data bytes (28 in all), found 7");
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] full = images(3, 2, 2);
        Path p = write(dir, "f", Arrays.copyOf(full, full.length + 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(p));
        assertEquals(28, e.offset());
        assertContains(e, "2 trailing bytes at byte 28");
    }

    @Test
    void corruptGzipIsAnIoError() throws IOException {
        byte[] gz = gzip(images(3, 2, 2));
        Path p = write(dir, "f.gz", Arrays.copyOf(gz, gz.length / 2));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(p));
        assertContains(e, "f.gz: corrupt gzip data");
    }

    @Test
    void expectShape() throws IOException {
        Path p = write(dir, "f", images(3, 2, 2));
        IdxFile f = IdxReader.read(p);
        IdxReader.expectShape(f, p, IdxReader.ANY, 2, 2);
        IdxFormatException rank =
                assertThrows(IdxFormatException.class, () -> IdxReader.expectShape(f, p, 3));
        assertEquals(3, rank.offset());
        assertContains(rank, "3 dimensions [3, 2, 2] at byte 3 (expected 1: [3])");
        IdxFormatException dim =
                assertThrows(
                        IdxFormatException.class,
                        () -> IdxReader.expectShape(f, p, IdxReader.ANY, 28, 28));
        assertEquals(8, dim.offset());
        assertContains(dim, "dimension 1 is 2 at byte 8 (expected 28 in [*, 28, 28])");
    }

    @Test
    void idxFileCopiesDimsAndChecksThem() {
        int[] dims = {2, 1};
        IdxFile f = new IdxFile(IdxFile.UNSIGNED_BYTE, dims, new byte[2]);
        dims[0] = 7;
        f.dims()[0] = 9;
        assertArrayEquals(new int[] {2, 1}, f.dims());
        assertThrows(
                IllegalArgumentException.class,
                () -> new IdxFile(IdxFile.UNSIGNED_BYTE, new int[] {3}, new byte[2]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new IdxFile(0x0D, new int[] {2}, new byte[2]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new IdxFile(IdxFile.UNSIGNED_BYTE, new int[0], new byte[0]));
    }

    static void assertContains(Throwable e, String expected) {
        assertTrue(
                e.getMessage().contains(expected),
                () -> "message \"" + e.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
