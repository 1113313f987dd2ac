package org.ffsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's top folder (the one with {@code conf/}), for tests that read shipped files. */
public final class RepoRoot {
    private RepoRoot() {}

    /** {@code folder} under the repository's top, asserted to exist. */
    public static Path resolve(String folder) {
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        Path parentOfModule = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path dir = (root != null ? Path.of(root) : parentOfModule).resolve(folder);
        if (!Files.isDirectory(dir)) {
            dir = parentOfModule.resolve(folder);
        }
        assertTrue(Files.isDirectory(dir), "no " + folder + "/ at " + dir);
        return dir;
    }
}
