package org.ffsweep.sweep.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hadoop store on the local file system (the same FileSystem API as HDFS). */
class HadoopCheckpointStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesReadsReplacesAndDeletesUnderTheResultsFolder() throws IOException {
        HadoopCheckpointStore s = HadoopCheckpointStore.forTrial(dir.toUri().toString(), "abc123", new Configuration());
        assertTrue(s.read("trial.ckpt").isEmpty());
        s.write("trial.ckpt", out -> out.write(bytes("one")));
        assertArrayEquals(bytes("one"), read(s));
        assertTrue(Files.exists(dir.resolve("_checkpoints/abc123/trial.ckpt")));
        s.write("trial.ckpt", out -> out.write(bytes("two")));
        assertArrayEquals(bytes("two"), read(s));
        try (Stream<Path> files = Files.list(dir.resolve("_checkpoints/abc123"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file left");
        }
        s.delete("trial.ckpt");
        assertTrue(s.read("trial.ckpt").isEmpty());
        assertFalse(Files.exists(dir.resolve("_checkpoints/abc123")), "the trial's folder goes with its last file");
    }

    @Test
    void aWriteThatFailsLeavesThePreviousCheckpoint() throws IOException {
        HadoopCheckpointStore s = HadoopCheckpointStore.forTrial(dir.toString(), "t1", new Configuration());
        s.write("trial.ckpt", out -> out.write(bytes("complete")));
        IOException e = assertThrows(IOException.class, () -> s.write("trial.ckpt", out -> {
            out.write(bytes("half"));
            throw new IOException("killed while writing");
        }));
        assertEquals("killed while writing", e.getMessage());
        assertArrayEquals(bytes("complete"), read(s));
        assertThrows(IllegalArgumentException.class, () -> HadoopCheckpointStore.forTrial(dir.toString(), "../x",
                new Configuration()));
    }

    private static byte[] read(HadoopCheckpointStore s) throws IOException {
        try (InputStream in = s.read("trial.ckpt").orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
