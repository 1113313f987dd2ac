package org.ffsweep.sweep.grid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small sweep files for tests. */
final class SweepFiles {
    private SweepFiles() {}

    /** Writes {@code lines} (line 1 is a comment) to {@code dir/name}. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        StringBuilder sb = new StringBuilder("# a test sweep\n");
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    static SweepPlan expand(Path file, String... overrides) {
        return GridExpander.expand(file, List.of(overrides));
    }
}
