package org.ffsweep.sweep.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ffsweep.sweep.cli.CliHarness;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar for spark-submit ({@code target/*-spark.jar}, built by the shade plugin at
 * {@code package}): what it holds and leaves out, and a sweep submitted with it through Spark's
 * own {@code SparkSubmit} on a class path of Spark's jars alone, as a cluster runs it.
 */
class ApplicationJarIT {
    private static Path jar;
    private static List<Path> sparkJars;

    @TempDir
    Path dir;

    @BeforeAll
    static void locate() throws IOException {
        jar = jar();
        String cp = Files.readString(Path.of(required("ffsweep.provided.classpath"))).strip();
        sparkJars = Arrays.stream(cp.split(java.io.File.pathSeparator)).map(Path::of).toList();
        assertTrue(sparkJars.size() > 100, "Spark's class path has " + sparkJars.size() + " jars");
    }

    @Test
    void noClassOfTheJarIsAlsoInSparksJars() throws IOException {
        Set<String> ours = classes(jar);
        Map<String, Path> spark = new HashMap<>();
        for (Path p : sparkJars) {
            for (String c : classes(p)) {
                spark.putIfAbsent(c, p);
            }
        }
        Set<String> clashes = new TreeSet<>(ours);
        clashes.retainAll(spark.keySet());
        assertTrue(clashes.isEmpty(), () -> clashes.size() + " classes also in Spark's jars, e.g. "
                + clashes.stream().limit(10).map(c -> c + " (" + spark.get(c).getFileName() + ")")
                        .collect(Collectors.joining(", ")));
        for (String prefix : List.of("org/apache/spark/", "scala/", "org/slf4j/", "com/google/gson/",
                "org/apache/commons/", "org/apache/hadoop/", "org/apache/parquet/")) {
            assertTrue(ours.stream().noneMatch(c -> c.startsWith(prefix)), "the jar holds " + prefix);
        }
        for (String c : List.of("org/ffsweep/sweep/cli/FfsweepMain.class", "org/ffsweep/core/run/TrialRunner.class",
                "ai/djl/engine/Engine.class", "ai/djl/pytorch/engine/PtEngineProvider.class",
                "com/sun/jna/Native.class", "com/typesafe/config/ConfigFactory.class")) {
            assertTrue(ours.contains(c), "the jar lacks " + c);
        }
    }

    @Test
    void entriesAreUniqueAndUnsigned() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().forEach(e -> names.add(e.getName()));
        }
        Set<String> seen = new TreeSet<>();
        List<String> twice = names.stream().filter(n -> !seen.add(n)).toList();
        assertTrue(twice.isEmpty(), "entries stored twice: " + twice);
        assertTrue(names.stream().noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")),
                "signature files of other jars would make the jar invalid");
        assertTrue(names.stream().noneMatch(n -> n.endsWith("module-info.class")), "module-info.class in the jar");
    }

    @Test
    void findsThePyTorchEngineItsNativesAndBothDefaults() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("org.ffsweep.sweep.cli.FfsweepMain", j.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> providers = text(j, "META-INF/services/ai.djl.engine.EngineProvider").lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            assertTrue(providers.contains("ai.djl.pytorch.engine.PtEngineProvider"), "engine providers: " + providers);

            Properties natives = properties(j, "native/lib/pytorch.properties");
            String version = natives.getProperty("version");
            assertTrue(version.startsWith(required("ffsweep.expected.pytorch") + "-"), "natives " + version);
            String folder = "pytorch/" + natives.getProperty("flavor") + "/" + natives.getProperty("classifier") + "/";
            for (String lib : natives.getProperty("libraries").split(",")) {
                assertTrue(j.getEntry(folder + lib) != null, "natives list " + lib + " but the jar lacks " + folder + lib);
            }
            assertTrue(j.getEntry(folder + "libtorch_cpu.so").getSize() > 100_000_000L, "libtorch_cpu.so is whole");
            assertEquals(required("ffsweep.expected.jni"), properties(j, "jnilib/pytorch.properties").getProperty("jni_version"));
            assertTrue(j.getEntry("jnilib/linux-x86_64/" + natives.getProperty("flavor") + "/libdjl_torch.so") != null);

            Config defaults = ConfigFactory.parseString(text(j, "reference.conf"));
            assertTrue(defaults.hasPath("ffsweep.trial.model.hidden-sizes"), "core's reference.conf is in the jar");
            assertTrue(defaults.hasPath("ffsweep.sweep.grid"), "sweep-driver's reference.conf is in the jar");
        }
    }

    /**
     * {@code SparkSubmit --master local[1] --class FfsweepMain app.jar sweep ...} in a fresh JVM whose
     * class path is Spark's jars only: DJL, its natives and the config come from the application
     * jar, libtorch is unpacked from it into an empty DJL cache, with downloads forbidden.
     */
    @Test
    void sparkSubmitRunsASweepFromTheJarAloneOffline() throws Exception {
        Path sweep = Files.writeString(dir.resolve("jar-sweep.conf"), """
                ffsweep.trial {
                  model { hidden-sizes = [32], activation = relu, dropout = 0 }
                  ff { threshold = 1, margin = 0 }
                  training { batch-size = 500, epochs = 2, train-limit = 1000 }
                }
                ffsweep.sweep { name = jar, grid { "ff.threshold" = [1, 2] } }
                """);
        Path out = dir.resolve("out");
        Path djlCache = Files.createDirectories(dir.resolve("djl-cache"));

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(required("ffsweep.spark.jvm.opens").trim().split("\\s+")));
        cmd.addAll(List.of("-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + djlCache,
                "-Djna.tmpdir=" + Files.createDirectories(dir.resolve("jna")),
                "-cp", sparkJars.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[1]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--class", "org.ffsweep.sweep.cli.FfsweepMain", jar.toString(),
                "sweep", sweep.toString(), "--out", out.toString(),
                "--set", "ffsweep.runtime.threads=2", "--set", "ffsweep.runtime.device=cpu"));
        cmd.addAll(MnistSample.cliOverrides(dir));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String err = Files.readString(stderr);
        assertTrue(ended, () -> "spark-submit still running after 5 minutes; stderr:\n" + err);
        String o = Files.readString(stdout);
        assertEquals(0, p.exitValue(), () -> "exit code; stderr:\n" + err);
        assertTrue(o.contains("(2 rows)") && o.contains("completed"), () -> "stdout:\n" + o + "\nstderr:\n" + err);
        assertFalse(err.contains("Downloading"), () -> "DJL tried a download:\n" + err);

        String pytorch = required("ffsweep.expected.pytorch");
        try (var libs = Files.list(djlCache.resolve("pytorch"))) {
            List<String> unpacked = libs.map(d -> d.getFileName().toString()).toList();
            assertTrue(unpacked.stream().anyMatch(d -> d.startsWith(pytorch + "-") && d.contains("-cpu-")),
                    "libtorch unpacked from the jar into the empty cache: " + unpacked);
        }
        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT status, count(*) AS n, max(versions) LIKE '%" + pytorch + "%' AS same_torch FROM trials GROUP BY status"));
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("status,n,same_torch", "completed,2,true"), q.out().lines().toList());
    }

    private static Set<String> classes(Path jarFile) throws IOException {
        try (ZipFile z = new ZipFile(jarFile.toFile())) {
            return z.stream().map(ZipEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class") && !n.startsWith("META-INF/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String text(JarFile j, String entry) throws IOException {
        ZipEntry e = j.getEntry(entry);
        assertTrue(e != null, "the jar lacks " + entry);
        try (InputStream in = j.getInputStream(e)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Properties properties(JarFile j, String entry) throws IOException {
        Properties p = new Properties();
        p.load(new java.io.StringReader(text(j, entry)));
        return p;
    }

    /** The application jar that failsafe names (also for SparkVersionsIT). */
    static Path jar() {
        Assumptions.assumeFalse(Boolean.getBoolean("ffsweep.shade.skipped"), "built with -Dshade.skip=true");
        Path jar = Path.of(required("ffsweep.app.jar"));
        assertTrue(Files.isRegularFile(jar), "no application jar at " + jar);
        return jar;
    }

    static String required(String property) {
        String v = System.getProperty(property);
        assertTrue(v != null && !v.isBlank(), "system property " + property + " is not set (failsafe sets it)");
        return v;
    }
}
