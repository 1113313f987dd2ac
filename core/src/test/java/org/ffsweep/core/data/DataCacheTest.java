package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxFixtures.gzip;
import static org.ffsweep.core.data.IdxFixtures.labels;
import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

class DataCacheTest {

    @TempDir Path dir;

    @Test
    void mismatchLeavesNothingBehind() throws IOException {
        DataCache cache = new DataCache(dir);
        byte[] content = labels(1, 2, 3);
        ChecksumMismatchException e =
                assertThrows(
                        ChecksumMismatchException.class,
                        () ->
                                cache.store(
                                        Dataset.MNIST,
                                        DataFile.TEST_LABELS,
                                        new ByteArrayInputStream(gzip(content)),
                                        "http://example.org/t10k-labels-idx1-ubyte.gz"));
        assertEquals(Sha256.hex(content), e.actual());
        assertContains(e, "http://example.org/t10k-labels-idx1-ubyte.gz: SHA-256");
        assertEquals(List.of(), list(cache.folder(Dataset.MNIST)));
        assertFalse(cache.isComplete(Dataset.MNIST));
    }

    @Test
    void storesVerifiedFileUncompressed() throws IOException {
        Path source = DataFile.TEST_LABELS.locate(MnistSample.folder());
        DataCache cache = new DataCache(dir);
        Path stored =
                cache.store(
                        Dataset.MNIST_SAMPLE,
                        DataFile.TEST_LABELS,
                        Files.newInputStream(source),
                        source.toString());
        assertEquals(dir.resolve("mnist-sample").resolve("t10k-labels-idx1-ubyte"), stored);
        assertArrayEquals(IdxReader.readContent(source), Files.readAllBytes(stored));
        assertEquals(List.of(stored), list(cache.folder(Dataset.MNIST_SAMPLE)));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
