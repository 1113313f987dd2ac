package org.ffsweep.sweep.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.sweep.cli.CliHarness;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one application jar on every Spark it supports: Spark 3.5 built for Scala 2.12 (what Spark
 * 3.5 distributions and most managed clusters ship), Spark 3.5 for Scala 2.13, and the newest
 * Spark 4. Each Spark's jars come from Maven at build time (the {@code spark-versions/} modules,
 * before the integration tests); the jar is submitted to them with Spark's own {@code SparkSubmit}
 * as a cluster would run it, and statically checked against them.
 */
class SparkVersionsIT {
    /** Spark's class and Scala's library methods the jar's classes call: {@code javap -c} lines. */
    private static final Pattern CALL = Pattern.compile(
            "// (InterfaceMethod|Method|Field) ((?:org/apache/spark|scala)/[^ .]+)\\.(\"?[^:\"]+\"?):(\\S+)");

    @TempDir
    Path dir;

    /**
     * Every Spark or Scala method, constructor and field that a class of the jar refers to exists, with
     * that exact signature, in this Spark's jars. A call compiled against Spark 4 and Scala 2.13 that
     * the other builds lack ({@code getCondition}, a method returning a 2.13 {@code Seq}, a Spark 4
     * class) would fail only when that code runs, so the sweep below could miss it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spark-3.5_2.12", "spark-3.5_2.13", "spark-4_2.13"})
    void everySparkAndScalaMemberTheJarUsesExists(String spark) throws Exception {
        Path jar = ApplicationJarIT.jar();
        List<String> ours = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().map(ZipEntry::getName).filter(n -> n.startsWith("org/ffsweep/") && n.endsWith(".class"))
                    .forEach(n -> ours.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        }
        assertTrue(ours.size() > 50, "the jar's own classes: " + ours.size());
        List<String> args = new ArrayList<>(List.of("-c", "-p", "-cp", jar.toString()));
        args.addAll(ours);
        StringWriter out = new StringWriter();
        int code = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(System.err), args.toArray(String[]::new));
        assertEquals(0, code, "javap");

        Set<String> refs = new TreeSet<>();
        Matcher m = CALL.matcher(out.toString());
        while (m.find()) {
            refs.add(m.group(1) + " " + m.group(2) + " " + m.group(3).replace("\"", "") + " " + m.group(4));
        }
        assertTrue(refs.size() > 40, "Spark and Scala members used: " + refs);
        List<String> missing = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(urls(sparkJars(spark)), ClassLoader.getPlatformClassLoader())) {
            for (String ref : refs) {
                String[] r = ref.split(" ");
                try {
                    Class<?> owner = Class.forName(r[1].replace('/', '.'), false, loader);
                    if (!has(owner, r[0], r[2], r[3])) {
                        missing.add(ref);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(ref + " (" + e + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), () -> missing.size() + " of " + refs.size() + " members missing in " + spark
                + ":\n" + String.join("\n", missing));
    }

    /**
     * {@code SparkSubmit --master local[1]} of the quick-start sweep ({@code conf/quickstart-sweep.conf},
     * 4 trials, here 1 step each on the MNIST sample) on this Spark's jars alone: it exits 0, prints its
     * summary query (Spark's SQL parser and the read-only check ran on this Spark), and its Parquet
     * results hold each of the 4 trials once, completed, with an accuracy.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spark-3.5_2.12", "spark-3.5_2.13", "spark-4_2.13"})
    void theQuickStartSweepRunsThroughSparkSubmit(String spark) throws Exception {
        List<Path> sparkJars = sparkJars(spark);
        Path out = dir.resolve("out");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(ApplicationJarIT.required("ffsweep.spark.jvm.opens").trim().split("\\s+")));
        // libtorch is unpacked once into the build's DJL cache (ApplicationJarIT unpacks into an empty one).
        cmd.addAll(List.of("-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + ApplicationJarIT.required("DJL_CACHE_DIR"),
                "-cp", sparkJars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[1]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--class", "org.ffsweep.sweep.cli.FfsweepMain", ApplicationJarIT.jar().toString(),
                "sweep", repoFile("conf/quickstart-sweep.conf").toString(), "--out", out.toString(),
                "--set", "ffsweep.runtime.threads=1", "--set", "ffsweep.runtime.device=cpu",
                // one step of 1,000 images per trial
                "--set", "training.epochs=1", "--set", "training.train-limit=1000"));
        cmd.addAll(MnistSample.cliOverrides(dir));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String err = Files.readString(stderr);
        assertTrue(ended, () -> "SparkSubmit still running after 5 minutes; stderr:\n" + err);
        String o = Files.readString(stdout);
        assertEquals(0, p.exitValue(), () -> "exit code on " + spark + "; stderr:\n" + err);
        System.out.printf("SparkVersionsIT: the quick-start sweep on %s (%s) took %.1f s%n", spark,
                sparkJars.stream().map(j -> j.getFileName().toString()).filter(n -> n.startsWith("spark-core_"))
                        .findFirst().orElse("?"), (System.nanoTime() - start) / 1e9);
        assertTrue(err.contains("4 trials, 0 finished before, 4 to run"), err);
        assertTrue(err.contains("4 ran (0 failed, 0 lost)"), err);
        assertTrue(o.contains("(4 rows)") && o.contains("completed"), () -> "stdout:\n" + o + "\nstderr:\n" + err);

        CliHarness.Result q = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv",
                "SELECT status, count(*) AS n, count(DISTINCT trial_id) AS trials, count(test_accuracy) AS scored,"
                        + " count(DISTINCT activation, threshold) AS points FROM trials GROUP BY status"));
        assertEquals(0, q.code(), q.err());
        assertEquals(List.of("status,n,trials,scored,points", "completed,4,4,4,4"), q.out().lines().toList());
        assertTrue(Files.list(out.resolve("_tmp")).findAny().isEmpty(), "nothing left half-written");
    }

    /** This Spark's jars, as its {@code spark-versions/} module resolved them before the integration tests. */
    private static List<Path> sparkJars(String spark) throws IOException {
        Path file = Path.of(ApplicationJarIT.required("ffsweep.spark.versions"), spark, "target", "classpath.txt");
        assertTrue(Files.isRegularFile(file), "no " + file + " (written at pre-integration-test)");
        List<Path> jars = Arrays.stream(Files.readString(file).strip().split(File.pathSeparator))
                .map(Path::of).toList();
        assertTrue(jars.size() > 100 && jars.stream().allMatch(Files::isRegularFile),
                file + ": " + jars.size() + " jars");
        return jars;
    }

    private static URL[] urls(List<Path> jars) throws IOException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        return urls;
    }

    private static Path repoFile(String relative) {
        Path p = Path.of(ApplicationJarIT.required("ffsweep.spark.versions"), "..", relative).normalize();
        assertTrue(Files.isRegularFile(p), "no " + p);
        return p;
    }

    /** Whether {@code owner} or a supertype declares the member with exactly this JVM descriptor. */
    private static boolean has(Class<?> owner, String kind, String name, String descriptor) {
        if (owner == null) {
            return false;
        }
        if (kind.equals("Field")) {
            for (var f : owner.getDeclaredFields()) {
                if (f.getName().equals(name) && f.getType().descriptorString().equals(descriptor)) {
                    return true;
                }
            }
        } else {
            List<Executable> members = new ArrayList<>(Arrays.asList(owner.getDeclaredMethods()));
            members.addAll(Arrays.asList(owner.getDeclaredConstructors()));
            for (Executable e : members) {
                String n = e instanceof java.lang.reflect.Method method ? method.getName() : "<init>";
                Class<?> returns = e instanceof java.lang.reflect.Method method ? method.getReturnType() : void.class;
                String d = MethodType.methodType(returns, e.getParameterTypes()).toMethodDescriptorString();
                if (n.equals(name) && d.equals(descriptor)) {
                    return true;
                }
            }
            if (name.equals("<init>")) {
                return false;
            }
        }
        if (has(owner.getSuperclass(), kind, name, descriptor)) {
            return true;
        }
        for (Class<?> i : owner.getInterfaces()) {
            if (has(i, kind, name, descriptor)) {
                return true;
            }
        }
        return false;
    }
}
