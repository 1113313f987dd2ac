package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-machine measurement cache: round trip, other keys, corrupt files, concurrent writers, off. */
class MeasurementCacheTest {
    @TempDir
    Path dir;

    @Test
    void keepsValuesPerKeyWithTheTimeTheyWereSaved() {
        MeasurementCache c = MeasurementCache.at(dir.resolve("m").toString());
        assertTrue(c.get("a|1").isEmpty());
        assertTrue(c.put("a|1", Map.of("trials", "2", "probes", "1:10.5,2:12.25")));
        assertTrue(c.put("a|2", Map.of("trials", "1")));
        Map<String, String> v = c.get("a|1").orElseThrow();
        assertEquals("2", v.get("trials"));
        assertEquals("1:10.5,2:12.25", v.get("probes"));
        assertTrue(v.containsKey("saved"), v.toString());
        assertEquals("1", c.get("a|2").orElseThrow().get("trials"));
        assertTrue(c.put("a|1", Map.of("trials", "1")));
        assertEquals("1", c.get("a|1").orElseThrow().get("trials")); // replaced
        assertTrue(MeasurementCache.machine().contains("cpu="), MeasurementCache.machine());
    }

    @Test
    void aCorruptOrForeignFileCountsAsMissingAndIsReplaced() throws Exception {
        MeasurementCache c = MeasurementCache.at(dir.toString());
        c.put("k", Map.of("trials", "2"));
        Path f = c.file("k");
        Files.writeString(f, "key=k\\u12"); // a malformed escape: Properties refuses it
        assertTrue(c.get("k").isEmpty());
        Files.write(f, new byte[] {0, (byte) 0xff, 3, 'x', '=', '\n'});
        assertTrue(c.get("k").isEmpty());
        Files.writeString(f, "key=another\ntrials=2\n", StandardCharsets.ISO_8859_1); // a hash collision
        assertTrue(c.get("k").isEmpty());
        Files.writeString(f, "trials=2\n"); // cut before its key
        assertTrue(c.get("k").isEmpty());
        assertTrue(c.put("k", Map.of("trials", "4")));
        assertEquals("4", c.get("k").orElseThrow().get("trials"));
    }

    @Test
    void concurrentWritersLeaveOneWholeFile() throws Exception {
        MeasurementCache c = MeasurementCache.at(dir.toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String n = String.valueOf(w);
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        assertTrue(c.put("shared", Map.of("a", n, "b", n)));
                        Optional<Map<String, String>> v = c.get("shared");
                        // a reader sees one writer's whole file, never a mix
                        assertTrue(v.isPresent() && v.get().get("a").equals(v.get().get("b")), String.valueOf(v));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(c.file("shared")), files.toList()); // no temporary files left
        }
    }

    @Test
    void offReadsAndWritesNothingAndAnUnwritableFolderIsNotFatal() throws Exception {
        for (String off : new String[] {"off", "OFF", "", " "}) {
            MeasurementCache c = MeasurementCache.at(off);
            assertFalse(c.enabled());
            assertFalse(c.put("k", Map.of("a", "1")));
            assertTrue(c.get("k").isEmpty());
        }
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        MeasurementCache c = MeasurementCache.at(file.resolve("m").toString());
        assertFalse(c.put("k", Map.of("a", "1")));
        assertTrue(c.get("k").isEmpty());
    }
}
