package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxFixtures.gzip;
import static org.ffsweep.core.data.IdxFixtures.images;
import static org.ffsweep.core.data.IdxFixtures.labels;
import static org.ffsweep.core.data.IdxFixtures.write;
import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

class MnistDataTest {

    @TempDir Path dir;

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path img = write(dir, "train-images-idx3-ubyte", images(3, 2, 2));
        Path lab = write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(1, 2)));
        IdxFormatException e =
                assertThrows(
                        IdxFormatException.class,
                        () ->
                                LabeledImages.fromIdx(
                                        IdxReader.read(img), img, IdxReader.read(lab), lab, 2, 2));
        assertEquals(lab, e.file());
        assertEquals(4, e.offset());
        assertContains(e, "2 labels at byte 4 of train-labels-idx1-ubyte.gz");
        assertContains(e, "3 images in train-images-idx3-ubyte");
    }

    @Test
    void labelsMustBeDigits() throws IOException {
        Path img = write(dir, "i", images(3, 2, 2));
        Path lab = write(dir, "l", labels(1, 10, 2));
        IdxFormatException e =
                assertThrows(
                        IdxFormatException.class,
                        () ->
                                LabeledImages.fromIdx(
                                        IdxReader.read(img), img, IdxReader.read(lab), lab, 2, 2));
        assertEquals(9, e.offset());
        assertContains(e, "l: label 10 of item 1 at byte 9 (expected 0..9)");
    }

    @Test
    void imagesMustHaveTheExpectedShape() throws IOException {
        Path img = write(dir, "i", images(3, 2, 2));
        Path lab = write(dir, "l", labels(1, 2, 3));
        IdxFormatException e =
                assertThrows(
                        IdxFormatException.class,
                        () ->
                                LabeledImages.fromIdx(
                                        IdxReader.read(img),
                                        img,
                                        IdxReader.read(lab),
                                        lab,
                                        28,
                                        28));
        assertContains(e, "dimension 1 is 2 at byte 8 (expected 28");
    }

    @Test
    void readChecksSha256OfUncompressedContent() throws IOException {
        byte[] tiny = images(3, 2, 2);
        write(dir, "train-images-idx3-ubyte.gz", gzip(tiny));
        ChecksumMismatchException e =
                assertThrows(
                        ChecksumMismatchException.class, () -> MnistData.read(Dataset.MNIST, dir));
        assertEquals(Dataset.MNIST.sha256(DataFile.TRAIN_IMAGES), e.expected());
        assertEquals(Sha256.hex(tiny), e.actual());
        assertContains(e, dir.resolve("train-images-idx3-ubyte.gz").toString());
        assertContains(e, "(expected " + e.expected() + ")");
        assertContains(e, "is " + e.actual());
    }

    @Test
    void readNamesBothCandidatesOfAMissingFile() {
        NoSuchFileException e =
                assertThrows(
                        NoSuchFileException.class,
                        () -> MnistData.read(Dataset.FASHION_MNIST, dir));
        assertContains(e, "train-images-idx3-ubyte");
        assertContains(e, "train-images-idx3-ubyte.gz");
    }

    @Test
    void labeledImagesAreImmutable() {
        byte[] px = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] lab = {3, 9};
        LabeledImages li = LabeledImages.of(px, lab, 2, 2);
        px[0] = 100;
        lab[0] = 0;
        assertEquals(1, li.pixel(0, 0));
        assertEquals(3, li.label(0));
        li.copyImages()[0] = 50;
        assertEquals(1, li.pixel(0, 0));
        ByteBuffer view = li.images();
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 9));
        assertEquals(8, view.remaining());
        byte[] dst = new byte[5];
        li.copyImage(1, dst, 1);
        assertArrayEquals(new byte[] {0, 5, 6, 7, 8}, dst);
        int[] counts = li.labelCounts();
        assertEquals(1, counts[3]);
        assertEquals(1, counts[9]);
        assertThrows(IndexOutOfBoundsException.class, () -> li.label(2));
        assertThrows(IndexOutOfBoundsException.class, () -> li.pixel(0, 4));
    }

    @Test
    void labeledImagesCheckTheirArguments() {
        assertThrows(
                IllegalArgumentException.class,
                () -> LabeledImages.of(new byte[3], new byte[1], 2, 2));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> LabeledImages.of(new byte[4], new byte[] {(byte) 200}, 2, 2));
        assertContains(e, "label 200 at index 0");
    }

    @Test
    void fingerprintDependsOnContentOnly() {
        LabeledImages train = LabeledImages.of(new byte[8], new byte[] {1, 2}, 2, 2);
        LabeledImages test = LabeledImages.of(new byte[4], new byte[] {3}, 2, 2);
        LabeledImages other = LabeledImages.of(new byte[4], new byte[] {4}, 2, 2);
        MnistData a = MnistData.of(Dataset.MNIST, train, test);
        MnistData b = MnistData.of(Dataset.MNIST, train, test);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(64, a.fingerprint().length());
        assertNotEquals(a.fingerprint(), MnistData.of(Dataset.MNIST, train, other).fingerprint());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        MnistData.of(
                                Dataset.MNIST,
                                train,
                                LabeledImages.of(new byte[9], new byte[] {1}, 3, 3)));
    }
}
