package org.ffsweep.core.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.ffsweep.core.util.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measurements kept per machine, so that a sweep on the same machine does not measure again what
 * an earlier one measured: the concurrency probe's and the pack planner's choices with their
 * figures. One small properties file per measurement, named by a hash of its key; the key
 * (what was measured, the shape, device, threads and the settings of the measurement, plus
 * {@link #machine()}: CPU model, cores, OS architecture, ffsweep and engine versions) is stored
 * in the file and compared on every read, so a different machine, build or setting measures anew.
 *
 * <p>Safe to share: a file is written whole to a temporary file in the same folder and moved into
 * place atomically, so concurrent writers of one key leave one of their files, never a mix, and a
 * reader sees a whole file or none. A file that cannot be read or parsed, or whose key differs,
 * counts as missing (and is replaced by the next write). Failing to write is logged, never fatal:
 * the cache only saves time.
 */
public final class MeasurementCache {
    private static final Logger LOG = LoggerFactory.getLogger(MeasurementCache.class);
    /** The setting that turns the cache off. */
    public static final String OFF = "off";
    private static final String KEY = "key";
    private static final String SAVED = "saved";
    private static final String SUFFIX = ".properties";

    private final Path dir;

    private MeasurementCache(Path dir) {
        this.dir = dir;
    }

    /** The cache in folder {@code setting}; {@link #OFF} or an empty setting: no cache (nothing read or written). */
    public static MeasurementCache at(String setting) {
        String s = setting == null ? "" : setting.strip();
        return new MeasurementCache(s.isEmpty() || s.equalsIgnoreCase(OFF) ? null : Path.of(s));
    }

    /** Whether this cache reads and writes anything. */
    public boolean enabled() {
        return dir != null;
    }

    /** The folder (null when off). */
    public Path folder() {
        return dir;
    }

    /**
     * What the key of every measurement on this machine holds besides its own parts: the CPU
     * model, the cores the JVM sees, the OS architecture, and the ffsweep and engine versions.
     */
    public static String machine() {
        return "cpu=" + cpuModel() + "|cores=" + Runtime.getRuntime().availableProcessors() + "|arch="
                + System.getProperty("os.arch") + "|ffsweep=" + Versions.ffsweep() + "|engine="
                + ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
    }

    /** The CPU's model name from /proc/cpuinfo, or "unknown". */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    /** The file that holds the measurement of {@code key}. */
    Path file(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The values kept for {@code key} (with {@code saved}, when they were written, in ISO-8601),
     * or empty when there are none, the file is unreadable or corrupt, or it holds another key.
     */
    public Optional<Map<String, String>> get(String key) {
        if (dir == null) {
            return Optional.empty();
        }
        Path f = file(key);
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("measurement cache: ignoring unreadable {} ({})", f, e.getClass().getSimpleName());
            return Optional.empty();
        }
        if (!key.equals(p.getProperty(KEY))) {
            return Optional.empty(); // another key (a hash collision) or a truncated file
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (!name.equals(KEY)) {
                values.put(name, p.getProperty(name));
            }
        }
        return Optional.of(values);
    }

    /** Keeps {@code values} for {@code key}, replacing what was kept; returns whether it was written. */
    public boolean put(String key, Map<String, String> values) {
        if (dir == null) {
            return false;
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.putAll(values);
            p.setProperty(SAVED, java.time.Instant.now().toString());
            p.setProperty(KEY, key);
            tmp = Files.createTempFile(dir, ".measurement-", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "ffsweep measurement (docs/benchmarks.md); delete to measure again");
            }
            Path f = file(key);
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("measurement cache: could not write in {} ({})", dir, e.getClass().getSimpleName());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do: a stray temporary file is never read
                }
            }
            return false;
        }
    }

    /** A key from its parts, joined by '|'. */
    public static String key(List<String> parts) {
        return String.join("|", parts);
    }
}
