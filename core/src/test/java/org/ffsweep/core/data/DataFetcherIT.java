package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Loads the MNIST sample committed in the repository ({@link MnistSample}) through the
 * fetch-and-cache path, checked against the SHA-256 pinned for {@link Dataset#MNIST_SAMPLE}. No
 * network: the mirror test serves the sample's files over loopback.
 */
class DataFetcherIT {

    @TempDir Path dir;

    private DataConfig localOnly(Path local) {
        return IdxFixtures.config(
                dir.resolve("cache"),
                local,
                List.of(SourceKind.LOCAL),
                dir.resolve("none"),
                IdxFixtures.noMirrors());
    }

    @Test
    void sampleThroughLocalSourceThenCache() throws IOException {
        Path cacheDir = dir.resolve("cache");
        List<String> progress = new ArrayList<>();
        MnistData data =
                DataFetcher.load(
                        Dataset.MNIST_SAMPLE, localOnly(MnistSample.folder()), progress::add);
        assertSample(data);
        assertTrue(
                progress.stream().anyMatch(s -> s.startsWith("fetching mnist-sample from local")),
                progress.toString());

        Path mnist = cacheDir.resolve("mnist-sample");
        List<String> cached;
        try (Stream<Path> s = Files.list(mnist)) {
            cached = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(
                List.of(
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte",
                        "train-images-idx3-ubyte",
                        "train-labels-idx1-ubyte"),
                cached,
                "four raw files and no temporary leftovers");

        // Second load: the only source points nowhere, so it must come from the cache.
        List<String> progress2 = new ArrayList<>();
        MnistData again =
                DataFetcher.load(
                        Dataset.MNIST_SAMPLE, localOnly(dir.resolve("missing")), progress2::add);
        assertEquals(List.of("reading cached mnist-sample from " + mnist), progress2);
        assertEquals(data.fingerprint(), again.fingerprint());
        assertArrayEquals(data.train().copyLabels(), again.train().copyLabels());

        // The fingerprint is a function of the content, however the data were built.
        MnistData rebuilt = MnistData.of(Dataset.MNIST_SAMPLE, again.train(), again.test());
        assertEquals(again.fingerprint(), rebuilt.fingerprint());

        // A corrupted cached file is a hash error, not a silent re-download.
        Path testImages = mnist.resolve("t10k-images-idx3-ubyte");
        try (FileChannel ch =
                FileChannel.open(testImages, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 5000);
            b.put(0, (byte) (b.get(0) ^ 0x01)).rewind();
            ch.write(b, 5000);
        }
        ChecksumMismatchException e =
                assertThrows(
                        ChecksumMismatchException.class,
                        () ->
                                DataFetcher.load(
                                        Dataset.MNIST_SAMPLE,
                                        localOnly(MnistSample.folder()),
                                        s -> {}));
        assertContains(e, testImages.toString());
        assertContains(e, Dataset.MNIST_SAMPLE.sha256(DataFile.TEST_IMAGES));
        assertContains(e, "delete it to fetch it again");
    }

    @Test
    void theSampleIsNotMnistNorMnistTheSample() throws IOException {
        // Full MNIST's pinned hashes refuse the sample: it cannot pass for the real thing.
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                DataFetcher.load(
                                        Dataset.MNIST, localOnly(MnistSample.folder()), s -> {}));
        assertContains(e, "could not fetch mnist into");
        assertContains(e, "ChecksumMismatchException");
        assertContains(e, "not the published mnist file");
        assertFalse(new DataCache(dir.resolve("cache")).isComplete(Dataset.MNIST));
        assertFalse(Files.exists(dir.resolve("cache/mnist/train-images-idx3-ubyte")));
    }

    @Test
    void aTruncatedSampleFileIsAnErrorNamingItAndIsNotCached() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (DataFile f : DataFile.values()) {
            Path from = f.locate(MnistSample.folder());
            Files.copy(from, copy.resolve(from.getFileName()));
        }
        Path labels = copy.resolve("train-labels-idx1-ubyte.gz");
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(labels))) {
            raw = in.readAllBytes();
        }
        Files.delete(labels);
        Files.write(
                copy.resolve("train-labels-idx1-ubyte"), java.util.Arrays.copyOf(raw, 3_000));

        IOException e =
                assertThrows(
                        IOException.class,
                        () -> DataFetcher.load(Dataset.MNIST_SAMPLE, localOnly(copy), s -> {}));
        assertContains(e, copy.resolve("train-labels-idx1-ubyte").toString());
        assertContains(e, Dataset.MNIST_SAMPLE.sha256(DataFile.TRAIN_LABELS));
        assertFalse(
                Files.exists(dir.resolve("cache/mnist-sample/train-labels-idx1-ubyte")),
                "the truncated file is not cached");
        assertFalse(new DataCache(dir.resolve("cache")).isComplete(Dataset.MNIST_SAMPLE));
    }

    @Test
    void sampleThroughLoopbackMirror() throws IOException {
        Path sample = MnistSample.folder();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/mnist/",
                exchange -> {
                    String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
                    Path file = sample.resolve(name);
                    if (!name.contains("/") && Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(200, Files.size(file));
                        try (OutputStream out = exchange.getResponseBody()) {
                            Files.copy(file, out);
                        }
                    } else {
                        exchange.sendResponseHeaders(404, -1);
                    }
                    exchange.close();
                });
        server.start();
        try {
            URI base =
                    URI.create(
                            "http://"
                                    + server.getAddress().getHostString()
                                    + ":"
                                    + server.getAddress().getPort()
                                    + "/mnist/");
            DataConfig cfg =
                    IdxFixtures.config(
                            dir.resolve("cache"),
                            null,
                            List.of(SourceKind.LOCAL, SourceKind.MIRRORS),
                            dir.resolve("none"),
                            IdxFixtures.mirrors(Map.of(Dataset.MNIST_SAMPLE, List.of(base))));
            assertSample(DataFetcher.load(Dataset.MNIST_SAMPLE, cfg, s -> {}));
        } finally {
            server.stop(0);
        }
    }

    private static void assertSample(MnistData data) {
        assertEquals(Dataset.MNIST_SAMPLE, data.dataset());
        assertEquals(MnistSample.TRAIN_COUNT, data.train().count());
        assertEquals(MnistSample.TEST_COUNT, data.test().count());
        assertEquals(28, data.rows());
        assertEquals(28, data.cols());
        for (int c = 0; c < LabeledImages.NUM_CLASSES; c++) {
            assertEquals(500, data.train().labelCounts()[c]);
            assertEquals(200, data.test().labelCounts()[c]);
        }
        // MNIST's first training image is a 5, its first test image a 7: file order is kept.
        assertEquals(5, data.train().copyLabels()[0]);
        assertEquals(7, data.test().copyLabels()[0]);
        assertEquals(MnistSample.TRAIN_COUNT * 784, data.train().images().remaining());
        assertFalse(data.fingerprint().isEmpty());
    }
}
