package org.ffsweep.sweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.ffsweep.sweep.cli.ListeningSockets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two workers (separate JVMs), each
 * worker with two fake "GPU" addresses and two one-core executors of one GPU each. Worker 1 offers
 * addresses 0 and 1; worker 2 offers 2 and "bad", an address that names no CUDA device (a broken
 * device). Sweeps are submitted with the application jar through Spark's SparkSubmit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(8);
    private static final Pattern STARTED = Pattern.compile("^started (\\w+) on executor (\\w+) ", Pattern.MULTILINE);
    /** A trial started (1: id, 2: executor), ended (3) or had an attempt fail (4). */
    private static final Pattern EVENT = Pattern.compile(
            "^(?:started ([\\w+]+) on executor (\\w+) |\\[\\d+/\\d+\\] (\\w+) |attempt \\d+ of trial ([\\w+]+) failed)",
            Pattern.MULTILINE);
    private static StandaloneCluster cluster;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Path.of("target", "it-cluster").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        cluster = StandaloneCluster.start(work.resolve("cluster"), Map.of("WORKERS", "2", "WORKER_CORES", "2",
                "WORKER_MEMORY", "3g", "GPUS_PER_WORKER", "2", "GPU_ADDRESSES_2", "2,bad"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(0)
    void masterWorkersAndTheirWebUisListenOnLoopbackOnlyWithoutRest() throws Exception {
        List<Long> daemons = List.of(cluster.masterPid(), cluster.workerPid(1), cluster.workerPid(2));
        for (long pid : daemons) {
            Set<java.net.InetSocketAddress> ports = ListeningSockets.of(pid);
            assertTrue(ports.size() >= 2, "RPC and web UI of " + pid + ": " + ports);
            assertTrue(ports.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), pid + " listens on " + ports);
            assertTrue(ports.stream().noneMatch(a -> a.getPort() == 6066), "no REST submission server: " + ports);
        }
    }

    @Test
    @Order(1)
    void gpusAreHeldOnceTrialsSurviveALostExecutorAndABrokenDeviceAndFailuresAreNotRetried() throws Exception {
        Path sweep = work.resolve("cluster-sweep.conf");
        // 6 trials of some seconds each on the MNIST sample, and one that fails deterministically:
        // the only data source holds the sample, whose checksums do not match Fashion-MNIST's.
        Files.writeString(sweep, """
                ffsweep.trial {
                  dataset = mnist-sample
                  model { hidden-sizes = [256], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 1000, epochs = 16, train-limit = 5000 }
                  metrics { every-steps = 10 }
                }
                ffsweep.sweep {
                  name = cluster
                  grid { "model.activation" = [relu, elu], "ff.threshold" = [1, 2, 3] }
                  one-at-a-time { "dataset" = [fashion-mnist] }
                }
                """);
        Path out = work.resolve("out-faults");
        Process driver = cluster.submit("faults", submitArgs(sweep, out));

        // Once a trial has finished, kill (SIGKILL) an executor of worker 1 that is running a trial.
        String killed = null;
        Instant deadline = Instant.now().plus(SWEEP_TIMEOUT);
        while (killed == null && driver.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            String err = Files.readString(cluster.dir().resolve("faults.err"));
            if (!err.contains(" completed test ")) {
                continue;
            }
            Map<String, String> runningOn = runningTrials(err);
            Map<String, ProcessHandle> executors = cluster.executorsOf(1);
            for (Map.Entry<String, String> t : runningOn.entrySet()) {
                ProcessHandle p = executors.get(t.getValue());
                if (p != null) {
                    p.destroyForcibly(); // SIGKILL
                    killed = t.getValue();
                    break;
                }
            }
        }
        assertNotNull(killed, "no executor of worker 1 was running a trial:\n" + tail("faults.err"));
        assertTrue(StandaloneCluster.waitFor(driver, SWEEP_TIMEOUT), "the sweep did not finish");
        String err = Files.readString(cluster.dir().resolve("faults.err"));
        assertEquals(0, driver.exitValue(), tail("faults.err"));

        // every trial exactly once; the failing one recorded once, never retried
        List<String> rows = sql(out, "SELECT trial_id, status, dataset, gpu_address, executor_id, task_attempt,"
                + " cast(unix_micros(started_at) AS string), cast(unix_micros(ended_at) AS string), pack_id FROM trials");
        assertEquals(7, rows.size(), String.join("\n", rows));
        assertEquals(7, rows.stream().map(r -> r.split(",")[0]).distinct().count());
        List<String[]> completed = new ArrayList<>();
        for (String r : rows) {
            String[] c = r.split(",");
            if (c[2].equals("fashion-mnist")) {
                assertEquals("failed", c[1], r);
                // a deterministic failure is not retried: the only failed task attempts it may have
                // are infrastructure ones (the broken device, a lost executor) before it ran
                Matcher attempts = Pattern.compile("of trial " + c[0] + " failed on executor \\w+ \\S+: (\\S+)")
                        .matcher(err);
                int infrastructure = 0;
                while (attempts.find()) {
                    assertTrue(attempts.group(1).contains("DeviceUnavailableException")
                            || attempts.group(1).startsWith("ExecutorLostFailure"), attempts.group());
                    infrastructure++;
                }
                assertTrue(Integer.parseInt(c[5]) <= infrastructure, "one attempt ran the trial: " + r);
            } else {
                assertEquals("completed", c[1], r);
                assertTrue(Set.of("0", "1", "2").contains(c[3]), "each trial records a GPU address it got: " + r);
                completed.add(c);
            }
        }
        // trials that ran at the same time held different addresses, unless they trained as one pack
        for (String[] a : completed) {
            for (String[] b : completed) {
                boolean overlap = a != b && !a[8].equals(b[8]) && Long.parseLong(a[6]) < Long.parseLong(b[7])
                        && Long.parseLong(b[6]) < Long.parseLong(a[7]);
                assertFalse(overlap && a[3].equals(b[3]), "trials " + a[0] + " and " + b[0] + " overlapped on gpu "
                        + a[3]);
            }
        }
        // the executor lost while training: its trial ran again elsewhere
        assertTrue(err.contains("executor " + killed + " lost"), err);
        assertTrue(Pattern.compile("failed on executor " + killed + " .*ExecutorLostFailure").matcher(err).find(),
                "the killed executor was running a trial:\n" + err);
        // the executor with the broken device failed trials, was excluded, and got none after that
        Matcher bad = Pattern.compile("failed on executor (\\w+) \\S+: \\S*DeviceUnavailableException").matcher(err);
        assertTrue(bad.find(), err);
        String badExecutor = bad.group(1);
        int excluded = err.indexOf("executor " + badExecutor + " excluded");
        assertTrue(excluded >= 0, "the broken executor is excluded:\n" + err);
        Matcher later = STARTED.matcher(err.substring(excluded));
        while (later.find()) {
            assertFalse(later.group(2).equals(badExecutor), "a trial started on the excluded executor");
        }
        assertTrue(rows.stream().noneMatch(r -> r.split(",")[3].equals("bad")), "no results from a broken device");
    }

    @Test
    @Order(2)
    void aKilledDriverIsResubmittedAndTheSweepFinishesWithoutDuplicates() throws Exception {
        Path sweep = work.resolve("resume-sweep.conf");
        Files.writeString(sweep, """
                ffsweep.trial {
                  dataset = mnist-sample
                  model { hidden-sizes = [128], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 1000, epochs = 8, train-limit = 5000 }
                }
                ffsweep.sweep {
                  name = resume
                  grid { "model.activation" = [relu, elu], "ff.threshold" = [1, 2, 3] }
                }
                """);
        Path out = work.resolve("out-resume");
        Process first = cluster.submit("resume-1", submitArgs(sweep, out));
        Instant deadline = Instant.now().plus(SWEEP_TIMEOUT);
        while (first.isAlive() && Instant.now().isBefore(deadline)
                && !Files.readString(cluster.dir().resolve("resume-1.err")).contains("[1/6]")) {
            Thread.sleep(200);
        }
        assertTrue(first.isAlive(), "the driver ended before it could be killed:\n" + tail("resume-1.err"));
        first.destroyForcibly(); // SIGKILL of the driver JVM
        first.waitFor();

        Process second = cluster.submit("resume-2", submitArgs(sweep, out));
        assertTrue(StandaloneCluster.waitFor(second, SWEEP_TIMEOUT), "the re-submitted sweep did not finish");
        assertEquals(0, second.exitValue(), tail("resume-2.err"));
        String err = Files.readString(cluster.dir().resolve("resume-2.err"));
        Matcher m = Pattern.compile("6 trials, (\\d) finished before, (\\d) to run").matcher(err);
        assertTrue(m.find(), err);
        assertTrue(Integer.parseInt(m.group(1)) >= 1, "the trial that ended before the kill is kept: " + m.group());
        List<String> ids = sql(out, "SELECT trial_id FROM trials");
        assertEquals(6, ids.size());
        assertEquals(6, new HashSet<>(ids).size(), "no trial twice");
        assertEquals(List.of("6"), sql(out, "SELECT count(DISTINCT trial_id) FROM epochs"));
        assertEquals(List.of("0"), sql(out, "SELECT count(*) FROM (SELECT trial_id, step, layer FROM epochs"
                + " GROUP BY trial_id, step, layer HAVING count(*) > 1)"), "no per-step row twice");
        try (Stream<Path> tmp = Files.list(out.resolve("_tmp"))) {
            assertTrue(tmp.findAny().isEmpty(), "nothing left half-written");
        }
    }

    private static List<String> submitArgs(Path sweep, Path out) {
        List<String> a = new ArrayList<>(List.of(
                "--class", "org.ffsweep.sweep.cli.FfsweepMain",
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.resource.gpu.amount=1",
                "--conf", "spark.task.resource.gpu.amount=1",
                // one host is one node here: do not exclude the whole host for two bad executors
                "--conf", "spark.excludeOnFailure.application.maxFailedExecutorsPerNode=100",
                "--conf", "spark.excludeOnFailure.stage.maxFailedExecutorsPerNode=100",
                "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true",
                "--conf", "spark.executorEnv.DJL_CACHE_DIR=" + work.resolve("djl-cache"),
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1"));
        a.addAll(ApplicationJar.submitArgs());
        a.addAll(List.of("sweep", sweep.toString(), "--out", out.toString()));
        a.addAll(MnistSample.dataOverrides(work));
        return a;
    }

    /** Trials running now, by executor, from the driver's progress lines (read in order). */
    private static Map<String, String> runningTrials(String err) {
        Map<String, String> running = new HashMap<>();
        Matcher m = EVENT.matcher(err);
        while (m.find()) {
            if (m.group(1) != null) {
                running.put(m.group(1), m.group(2)); // a pack's task is named by its trials' ids joined by '+'
            } else {
                String ended = m.group(3) != null ? m.group(3) : m.group(4);
                running.keySet().removeIf(k -> List.of(k.split("\\+")).contains(ended) || k.equals(ended));
            }
        }
        return running;
    }

    private static List<String> sql(Path out, String query) {
        CliHarness.Result r = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", query));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        return lines.subList(1, lines.size());
    }

    private static String tail(String file) throws Exception {
        List<String> lines = Files.readAllLines(cluster.dir().resolve(file));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
