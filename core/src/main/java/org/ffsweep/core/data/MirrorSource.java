package org.ffsweep.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One HTTP mirror of the published files: {@code GET <base><file name>.gz} for each of the four
 * files, streamed into the cache. Each download is bounded by a deadline from request to last byte.
 */
final class MirrorSource implements FileSource {

    private final URI base;
    private final HttpClient client;
    private final Duration downloadTimeout;

    MirrorSource(URI base, HttpClient client, Duration downloadTimeout) {
        this.base = base;
        this.client = client;
        this.downloadTimeout = downloadTimeout;
    }

    /** Returns a client with the configured connect timeout that follows same-scheme redirects. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String describe() {
        return "mirror " + base;
    }

    @Override
    public void fetchInto(Dataset dataset, DataCache cache, Consumer<String> progress)
            throws IOException {
        for (DataFile f : DataFile.values()) {
            URI uri = base.resolve(f.fileName() + DataFile.GZ);
            progress.accept("downloading " + uri);
            download(uri, dataset, f, cache);
        }
    }

    private void download(URI uri, Dataset dataset, DataFile f, DataCache cache)
            throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(uri)
                        .timeout(downloadTimeout)
                        .header("User-Agent", "ffsweep")
                        .GET()
                        .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while requesting " + uri);
        }
        InputStream body = response.body();
        if (response.statusCode() != 200) {
            body.close();
            throw new IOException(
                    "HTTP " + response.statusCode() + " for " + uri + " (expected 200)");
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture.delayedExecutor(downloadTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .execute(
                        () -> {
                            if (!done.get()) {
                                timedOut.set(true);
                                closeQuietly(body);
                            }
                        });
        try {
            cache.store(dataset, f, body, uri.toString());
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new IOException(
                        uri + ": download took longer than download-timeout " + downloadTimeout, e);
            }
            throw e;
        } finally {
            done.set(true);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // The download is being abandoned; the reader sees the failure and reports it.
        }
    }
}
