package org.ffsweep.sweep.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The application jar that {@code mvn package} builds for spark-submit (failsafe names it). */
final class ApplicationJar {
    private ApplicationJar() {}

    /** The spark-submit argument that names the application jar. */
    static List<String> submitArgs() {
        String jar = System.getProperty("ffsweep.app.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no application jar at " + jar
                    + " (built at package unless -Dshade.skip=true)");
        }
        return List.of(jar);
    }
}
