package org.ffsweep.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A folder holding the four files, each as {@code NAME} or {@code NAME.gz}. */
final class DirectorySource implements FileSource {

    private final String name;
    private final Path dir;

    DirectorySource(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    @Override
    public String describe() {
        return name + " (" + dir + ")";
    }

    @Override
    public void fetchInto(Dataset dataset, DataCache cache, Consumer<String> progress)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new SkippedSourceException("folder " + dir + " does not exist");
        }
        for (DataFile f : DataFile.values()) {
            Path p = f.locate(dir);
            progress.accept("copying " + p);
            cache.store(dataset, f, Files.newInputStream(p), p.toString());
        }
    }
}
