package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the real data sets from the shared data folder (system property {@code
 * ffsweep.shared.data}) through the fetch-and-cache path. No network: the mirror test serves the
 * shared files over loopback.
 */
class DataFetcherIT {

    private static final Map<Dataset, List<URI>> NO_MIRRORS =
            Map.of(Dataset.MNIST, List.of(), Dataset.FASHION_MNIST, List.of());

    @TempDir Path dir;

    private static Path shared(Dataset dataset) {
        Optional<Path> p = IdxFixtures.sharedData(dataset);
        assumeTrue(
                p.isPresent(), "shared " + dataset + " folder (ffsweep.shared.data) not available");
        return p.get();
    }

    private DataConfig localOnly(Path local) {
        return IdxFixtures.config(
                dir.resolve("cache"),
                local,
                List.of(SourceKind.LOCAL),
                dir.resolve("none"),
                NO_MIRRORS);
    }

    @Test
    void mnistThroughLocalSourceThenCache() throws IOException {
        Path cacheDir = dir.resolve("cache");
        List<String> progress = new ArrayList<>();
        MnistData data =
                DataFetcher.load(Dataset.MNIST, localOnly(shared(Dataset.MNIST)), progress::add);
        assertMnist(data);
        assertTrue(
                progress.stream().anyMatch(s -> s.startsWith("fetching mnist from local")),
                progress.toString());

        Path mnist = cacheDir.resolve("mnist");
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
                DataFetcher.load(Dataset.MNIST, localOnly(dir.resolve("missing")), progress2::add);
        assertEquals(List.of("reading cached mnist from " + mnist), progress2);
        assertEquals(data.fingerprint(), again.fingerprint());
        assertArrayEquals(data.train().copyLabels(), again.train().copyLabels());

        // The fingerprint is a function of the content, however the data were built.
        MnistData rebuilt = MnistData.of(Dataset.MNIST, again.train(), again.test());
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
                                        Dataset.MNIST, localOnly(shared(Dataset.MNIST)), s -> {}));
        assertContains(e, testImages.toString());
        assertContains(e, Dataset.MNIST.sha256(DataFile.TEST_IMAGES));
        assertContains(e, "delete it to fetch it again");
    }

    @Test
    void fashionMnistThroughLocalSource() throws IOException {
        MnistData data =
                DataFetcher.load(
                        Dataset.FASHION_MNIST, localOnly(shared(Dataset.FASHION_MNIST)), s -> {});
        assertEquals(Dataset.FASHION_MNIST, data.dataset());
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        for (int c = 0; c < LabeledImages.NUM_CLASSES; c++) {
            assertEquals(6_000, data.train().labelCounts()[c]);
            assertEquals(1_000, data.test().labelCounts()[c]);
        }
    }

    @Test
    void mnistThroughLoopbackMirror() throws IOException {
        Path shared = shared(Dataset.MNIST);
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/mnist/",
                exchange -> {
                    String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
                    Path file = shared.resolve(name);
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
                            Map.of(Dataset.MNIST, List.of(base), Dataset.FASHION_MNIST, List.of()));
            assertMnist(DataFetcher.load(Dataset.MNIST, cfg, s -> {}));
        } finally {
            server.stop(0);
        }
    }

    private static void assertMnist(MnistData data) {
        assertEquals(Dataset.MNIST, data.dataset());
        assertEquals(60_000, data.train().count());
        assertEquals(10_000, data.test().count());
        assertEquals(28, data.rows());
        assertEquals(28, data.cols());
        assertEquals(5_923, data.train().labelCounts()[0]);
        assertEquals(1_135, data.test().labelCounts()[1]);
        assertEquals(60_000 * 784, data.train().images().remaining());
        assertFalse(data.fingerprint().isEmpty());
    }
}
