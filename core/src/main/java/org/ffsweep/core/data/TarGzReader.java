package org.ffsweep.core.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A minimal reader of (gzip-compressed) tar archives such as npm packages: ustar and GNU headers,
 * the ustar name prefix, GNU long names and pax {@code path} records. Regular files only; header
 * checksums are verified.
 */
final class TarGzReader {

    private static final int BLOCK = 512;

    /** Receives each regular file of an archive. */
    @FunctionalInterface
    interface EntryHandler {
        /**
         * Handles one entry. {@code content} yields exactly the entry's bytes; it need not be read
         * to the end, and closing it does nothing.
         */
        void accept(String name, long size, InputStream content) throws IOException;
    }

    private TarGzReader() {}

    /** Calls {@code handler} for each regular file of the archive, in archive order. */
    static void forEach(Path archive, EntryHandler handler) throws IOException {
        try (InputStream in = IdxReader.uncompressed(Files.newInputStream(archive))) {
            forEach(in, archive.getFileName().toString(), handler);
        }
    }

    /** Calls {@code handler} for each regular file of the uncompressed tar stream. */
    static void forEach(InputStream in, String archiveName, EntryHandler handler)
            throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        long offset = 0;
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0) {
                return; // tolerated: no end-of-archive blocks
            }
            if (n < BLOCK) {
                throw new EOFException(archiveName + ": truncated tar header at byte " + offset);
            }
            if (isZero(header)) {
                return;
            }
            checkChecksum(header, archiveName, offset);
            long size = number(header, 124, 12, archiveName, offset);
            byte type = header[156];
            offset += BLOCK;
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'L' || type == 'x') {
                byte[] meta = readFully(in, size, archiveName, offset);
                in.skipNBytes(padded - size);
                longName = type == 'L' ? cString(meta, 0, meta.length) : paxPath(meta, longName);
            } else {
                String name = longName != null ? longName : ustarName(header);
                longName = null;
                if (type == '0' || type == 0) {
                    EntryStream entry = new EntryStream(in, size);
                    handler.accept(name, size, entry);
                    entry.skipRest();
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
            offset += padded;
        }
    }

    private static String ustarName(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] meta, String previous) {
        String path = previous;
        String records = new String(meta, StandardCharsets.UTF_8);
        int i = 0;
        while (i < records.length()) {
            int space = records.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int len = Integer.parseInt(records.substring(i, space));
            String kv = records.substring(space + 1, i + len - 1);
            if (kv.startsWith("path=")) {
                path = kv.substring("path=".length());
            }
            i += len;
        }
        return path;
    }

    private static void checkChecksum(byte[] h, String archiveName, long offset)
            throws IOException {
        long stored = number(h, 148, 8, archiveName, offset);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException(
                    archiveName
                            + ": tar header checksum "
                            + stored
                            + " at byte "
                            + (offset + 148)
                            + " (expected "
                            + sum
                            + "); not a tar archive or corrupt");
        }
    }

    private static long number(byte[] h, int from, int len, String archiveName, long offset)
            throws IOException {
        if ((h[from] & 0x80) != 0) { // GNU base-256
            long v = h[from] & 0x7f;
            for (int i = from + 1; i < from + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = cString(h, from, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(
                    archiveName
                            + ": bad octal number \""
                            + s
                            + "\" at byte "
                            + (offset + from)
                            + " of a tar header",
                    e);
        }
    }

    private static byte[] readFully(InputStream in, long size, String archiveName, long offset)
            throws IOException {
        if (size > 1 << 20) {
            throw new IOException(
                    archiveName + ": tar metadata entry of " + size + " bytes at byte " + offset);
        }
        byte[] b = in.readNBytes((int) size);
        if (b.length < size) {
            throw new EOFException(archiveName + ": truncated tar entry at byte " + offset);
        }
        return b;
    }

    private static String cString(byte[] b, int from, int len) {
        int end = from;
        while (end < from + len && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of one entry, read from the archive stream. */
    private static final class EntryStream extends InputStream {
        private final InputStream in;
        private long remaining;

        EntryStream(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("tar entry truncated with " + remaining + " bytes to go");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return len == 0 ? 0 : -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("tar entry truncated with " + remaining + " bytes to go");
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            in.skipNBytes(remaining);
            remaining = 0;
        }

        @Override
        public void close() {
            // the archive stream stays open
        }
    }
}
