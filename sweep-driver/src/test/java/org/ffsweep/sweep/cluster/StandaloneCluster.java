package org.ffsweep.sweep.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 started by {@code scripts/spark-cluster} (master and
 * workers as separate JVMs, each worker launching its own executor JVMs), and submissions to it
 * through {@code scripts/spark-submit} (Spark's own SparkSubmit entry point) as child processes.
 */
final class StandaloneCluster implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent(); // tests run in sweep-driver/
    private final Path dir;
    private final Map<String, String> env;
    private final String masterUrl;

    private StandaloneCluster(Path dir, Map<String, String> env, String masterUrl) {
        this.dir = dir;
        this.env = env;
        this.masterUrl = masterUrl;
    }

    /** Starts a cluster under {@code dir}; {@code settings} are scripts/spark-cluster's variables. */
    static StandaloneCluster start(Path dir, Map<String, String> settings) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(settings);
        Files.createDirectories(dir);
        env.put("CLUSTER_DIR", dir.toString());
        env.put("MASTER_PORT", String.valueOf(freePort()));
        env.put("MASTER_WEBUI_PORT", String.valueOf(freePort()));
        Process p = script("spark-cluster", env, List.of("start"), dir.resolve("start.log"));
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("scripts/spark-cluster start took over 180 s: " + dir.resolve("start.log"));
        }
        String log = Files.readString(dir.resolve("start.log"));
        if (p.exitValue() != 0) {
            throw new IllegalStateException("scripts/spark-cluster start failed:\n" + log);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("spark://127\\.0\\.0\\.1:\\d+").matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("scripts/spark-cluster start printed no master URL:\n" + log);
        }
        String url = m.group();
        return new StandaloneCluster(dir, env, url);
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The pid of the master. */
    long masterPid() throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("master.pid")).trim());
    }

    /** The pid of worker {@code i} (1-based). */
    long workerPid(int i) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("worker-" + i + ".pid")).trim());
    }

    /** Executor JVMs that worker {@code i} launched, by Spark executor id. */
    Map<String, ProcessHandle> executorsOf(int i) throws IOException {
        Map<String, ProcessHandle> out = new java.util.HashMap<>();
        ProcessHandle.of(workerPid(i)).ifPresent(w -> w.descendants().forEach(p -> {
            // ProcessHandle.Info drops long command lines; /proc has them whole
            String[] args;
            try {
                args = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "cmdline")).split("\0");
            } catch (IOException e) {
                return; // it ended
            }
            for (int k = 0; k + 1 < args.length; k++) {
                if (args[k].equals("--executor-id")) {
                    out.put(args[k + 1], p);
                }
            }
        }));
        return out;
    }

    /** Starts {@code scripts/spark-submit args}, stdout and stderr to files named by {@code name}. */
    Process submit(String name, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--master", masterUrl));
        all.addAll(args);
        return script("spark-submit", env, all, dir.resolve(name + ".err"), dir.resolve(name + ".out"));
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        Process p = script("spark-cluster", env, List.of("stop"), dir.resolve("stop.log"));
        p.waitFor(60, TimeUnit.SECONDS);
    }

    static boolean waitFor(Process p, Duration d) throws InterruptedException {
        return p.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Process script(String name, Map<String, String> env, List<String> args, Path err, Path... out)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("scripts").resolve(name).toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().putAll(env);
        pb.redirectError(err.toFile());
        pb.redirectOutput(out.length > 0 ? out[0].toFile() : err.toFile());
        if (out.length == 0) {
            pb.redirectErrorStream(true);
        }
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
