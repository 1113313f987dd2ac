package org.ffsweep.sweep.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The TCP sockets a process (this JVM by default) listens on, from Linux's {@code /proc}: the
 * inodes of the sockets among {@code /proc/PID/fd}, looked up in {@code /proc/net/tcp} and
 * {@code tcp6} (state 0A, LISTEN).
 * {@link #watch()} samples them in the background while something runs.
 */
public final class ListeningSockets implements AutoCloseable {
    private final Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
    private final Thread sampler;
    private volatile boolean stop;

    private ListeningSockets() {
        sampler = new Thread(() -> {
            while (!stop) {
                seen.addAll(now());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "listening-sockets");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts sampling; {@link #close()} stops it. */
    static ListeningSockets watch() {
        return new ListeningSockets();
    }

    /** Every address this JVM was seen listening on. */
    Set<InetSocketAddress> seen() {
        return Set.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        sampler.join();
        seen.addAll(now());
    }

    /** The addresses this JVM listens on now. */
    static Set<InetSocketAddress> now() {
        return of("self");
    }

    /** The addresses process {@code pid} listens on now. */
    public static Set<InetSocketAddress> of(long pid) {
        return of(Long.toString(pid));
    }

    private static Set<InetSocketAddress> of(String pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/" + pid + "/fd", e);
        }
        Set<InetSocketAddress> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue; // no IPv6
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    /** {@code 0100007F:1F90} (IPv4) or 32 hex digits and a port (IPv6), each 4-byte group little-endian. */
    static InetSocketAddress address(String hexAddressAndPort) {
        String[] parts = hexAddressAndPort.split(":");
        String hex = parts[0];
        byte[] ip = new byte[hex.length() / 2];
        for (int group = 0; group < ip.length / 4; group++) {
            for (int b = 0; b < 4; b++) {
                int at = group * 8 + (3 - b) * 2;
                ip[group * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), Integer.parseInt(parts[1], 16));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(hexAddressAndPort, e);
        }
    }
}
