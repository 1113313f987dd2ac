package org.ffsweep.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store's atomic writes, when checkpoints are due, and what the reader refuses. */
class CheckpointStoreTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesThePreviousContentAndNoTemporaryFile() throws IOException {
        LocalCheckpointStore s = new LocalCheckpointStore(dir.resolve("t"));
        assertTrue(s.read("trial.ckpt").isEmpty());
        s.write("trial.ckpt", out -> out.write(bytes("complete")));
        IOException e = assertThrows(IOException.class, () -> s.write("trial.ckpt", out -> {
            out.write(bytes("half"));
            throw new IOException("killed while writing");
        }));
        assertEquals("killed while writing", e.getMessage());
        try (InputStream in = s.read("trial.ckpt").orElseThrow()) {
            assertArrayEquals(bytes("complete"), in.readAllBytes());
        }
        try (var files = Files.list(dir.resolve("t"))) {
            assertEquals(List.of("trial.ckpt"), files.map(p -> p.getFileName().toString()).toList());
        }
        s.delete("trial.ckpt");
        assertFalse(Files.exists(dir.resolve("t")));
        assertThrows(IllegalArgumentException.class, () -> s.write("../x", out -> { }));
    }

    @Test
    void dueAtNamedStepsMultiplesAndAfterTheInterval() {
        Checkpointing c = Checkpointing.every(new LocalCheckpointStore(dir), "t", Duration.ofMinutes(5), false)
                .withSteps(100, 300).withEverySteps(250);
        assertTrue(c.due(100, Duration.ZERO));
        assertTrue(c.due(250, Duration.ZERO));
        assertTrue(c.due(300, Duration.ZERO));
        assertFalse(c.due(101, Duration.ofMinutes(4)));
        assertTrue(c.due(101, Duration.ofMinutes(5)));
        assertFalse(Checkpointing.off().due(100, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> c.withSteps(300, 100));
        assertThrows(IllegalArgumentException.class, () -> Checkpointing.every(new LocalCheckpointStore(dir), null,
                null, false));
    }

    @Test
    void theReaderRefusesOtherFilesAndForeignClasses() throws IOException {
        IOException e = assertThrows(IOException.class,
                () -> TrialCheckpoint.readFrom(new ByteArrayInputStream(bytes("not a checkpoint")), "f.ckpt"));
        assertTrue(e.getMessage().startsWith("f.ckpt: not an ffsweep checkpoint"), e.getMessage());

        ByteArrayOutputStream b = new ByteArrayOutputStream();
        var data = new java.io.DataOutputStream(b);
        data.writeUTF("FFSWEEP-CKPT");
        data.writeInt(1);
        ObjectOutputStream o = new ObjectOutputStream(data);
        o.writeObject(new java.util.Date(0)); // any class outside the checkpoint's own is refused
        o.flush();
        e = assertThrows(IOException.class,
                () -> TrialCheckpoint.readFrom(new ByteArrayInputStream(b.toByteArray()), "g.ckpt"));
        assertTrue(e.getMessage().startsWith("g.ckpt: unreadable checkpoint"), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
