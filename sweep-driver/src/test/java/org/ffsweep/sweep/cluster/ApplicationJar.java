package org.ffsweep.sweep.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The application jar that {@code mvn package} builds for spark-submit. */
final class ApplicationJar {
    private ApplicationJar() {}

    /** The spark-submit arguments that name the application jar (the last is the jar). */
    static List<String> submitArgs() throws IOException {
        Path target = StandaloneCluster.ROOT.resolve("sweep-driver/target");
        try (Stream<Path> s = Files.list(target)) {
            Path shaded = s.filter(p -> p.getFileName().toString().matches("ffsweep-sweep-driver-.*-spark\\.jar"))
                    .findFirst().orElse(null);
            if (shaded != null) {
                return List.of(shaded.toString());
            }
        }
        // until the shaded jar exists: the plain jar plus its runtime class path
        String runtime = Files.readString(target.resolve("runtime-classpath.txt")).trim().replace(':', ',');
        try (Stream<Path> s = Files.list(target)) {
            Path plain = s.filter(p -> p.getFileName().toString().matches("ffsweep-sweep-driver-[^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow();
            return List.of("--jars", runtime, plain.toString());
        }
    }
}
