package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark in local mode, as {@code sweep} and {@code sql} start it: every port it opens listens on
 * 127.0.0.1 only, progress lines name no host, and a master URL Spark cannot parse is one line
 * and exit code 2. The sweep's trials fail at once (their data folder is empty), so nothing
 * trains and no data set is needed.
 */
class LocalSparkIT {
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    @TempDir
    Path dir;

    private List<String> sweep(String... more) throws Exception {
        Path conf = Files.writeString(dir.resolve("fails.conf"), """
                ffsweep.trial.training { batch-size = 100, epochs = 1, train-limit = 100 }
                ffsweep.sweep { name = fails, grid { "ff.threshold" = [1, 2] } }
                """);
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        List<String> a = new java.util.ArrayList<>(List.of("sweep", conf.toString(), "--out",
                dir.resolve("out").toString(), "--set", "ffsweep.data.sources=[local]",
                "--set", "ffsweep.data.local-dir=\"" + empty + "\"",
                "--set", "ffsweep.data.cache-dir=\"" + dir.resolve("cache") + "\""));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void sweepAndSqlListenOnLoopbackOnlyAndNameNoHost() throws Exception {
        CliHarness.Result run;
        Set<InetSocketAddress> sweepPorts;
        try (ListeningSockets watch = ListeningSockets.watch()) {
            run = CliHarness.run(sweep());
            watch.close();
            sweepPorts = watch.seen();
        }
        assertEquals(FfsweepMain.OK, run.code(), run.err());
        assertTrue(run.err().contains("[2/2]"), run.err());
        assertFalse(sweepPorts.isEmpty(), "Spark's driver listens on some port");
        assertTrue(sweepPorts.stream().allMatch(a -> a.getAddress().isLoopbackAddress()),
                "sweep listened on " + sweepPorts);
        assertFalse(IPV4.matcher(run.err()).find(), "progress names a host address:\n" + run.err());
        assertFalse(run.err().contains("on executor driver ("), run.err());

        CliHarness.Result sql;
        Set<InetSocketAddress> sqlPorts;
        try (ListeningSockets watch = ListeningSockets.watch()) {
            sql = CliHarness.run(List.of("sql", "--out", dir.resolve("out").toString(), "--format", "csv",
                    "SELECT status, count(*) FROM trials GROUP BY status"));
            watch.close();
            sqlPorts = watch.seen();
        }
        assertEquals(FfsweepMain.OK, sql.code(), sql.err());
        assertEquals(List.of("status,count(1)", "failed,2"), sql.out().lines().toList());
        assertFalse(sqlPorts.isEmpty(), "Spark's driver listens on some port");
        assertTrue(sqlPorts.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), "sql listened on " + sqlPorts);
    }

    @Test
    void aMasterSparkCannotParseIsOneLineAndExitTwo() throws Exception {
        CliHarness.Result r = CliHarness.run(sweep("--master", "lokal[2]"));

        assertEquals(FfsweepMain.BAD_INPUT, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ffsweep: bad --master 'lokal[2]'"), r.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void addressesDecodeFromProcNet() {
        assertEquals("127.0.0.1:8080", text(ListeningSockets.address("0100007F:1F90")));
        assertEquals("0.0.0.0:22", text(ListeningSockets.address("00000000:0016")));
        assertEquals("127.0.0.1:7077", text(ListeningSockets.address("0000000000000000FFFF00000100007F:1BA5")));
        assertTrue(ListeningSockets.address("00000000000000000000000001000000:0050").getAddress().isLoopbackAddress());
    }

    private static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
