package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.ffsweep.core.data.MnistSample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to {@link FfsweepMain#run}: each case fails before any training (no native engine)
 * with exit code 2, nothing on stdout, one {@code ffsweep:} line on stderr that names the key or
 * the file, and nothing half-written in the data cache. Data comes only from a local folder.
 */
class FfsweepMainTest {
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> OTHER_THREE = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz");
    /** What {@code train} prints before it reads data: the trial, then the data progress. */
    private static final List<String> PROGRESS_PREFIXES = List.of("trial ", "data: ");

    @TempDir
    Path tmp;

    private Path cache;
    private Path local;

    @BeforeEach
    void dirs() throws IOException {
        cache = Files.createDirectory(tmp.resolve("cache"));
        local = Files.createDirectory(tmp.resolve("local"));
    }

    static Stream<Arguments> badConfFiles() {
        return Stream.of(
                Arguments.of("unknown activation", "model.activation = swish", "ffsweep.trial.model.activation"),
                Arguments.of("negative threshold", "ff.threshold = -0.5", "ffsweep.trial.ff.threshold"),
                Arguments.of("zero width", "model.hidden-sizes = [100, 0]", "ffsweep.trial.model.hidden-sizes"),
                Arguments.of("unknown key", "model.activaton = relu", "ffsweep.trial.model.activaton"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfFiles")
    void badValueInConfFileNamesKeyFileAndLine(String what, String line, String key) throws IOException {
        Path conf = Files.writeString(tmp.resolve("bad.conf"),
                "# " + what + "\nffsweep.trial {\n  " + line + "\n}\n");

        Result r = train(conf);

        String error = r.inputError();
        assertTrue(error.contains(key), () -> "names the key " + key + ": " + error);
        assertTrue(error.contains("bad.conf: 3:"), () -> "names the file and line 3: " + error);
        assertCacheEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("helpWords")
    void helpAfterAnyCommandPrintsUsageOnStdoutAndRunsNothing(List<String> args) throws IOException {
        Result r = run(args);

        assertEquals(0, r.code(), () -> args + " exits 0; stderr: " + r.err());
        assertTrue(r.out().startsWith("usage: ffsweep <command>"), () -> args + " prints usage: " + r.out());
        assertTrue(r.out().contains("sql --out DIR"), r.out());
        assertEquals("", r.err(), () -> args + " writes nothing on stderr");
        assertCacheEmpty();
    }

    static Stream<List<String>> helpWords() {
        return Stream.of(List.of("-h"), List.of("help"), List.of("--help"), List.of("sql", "--help"),
                List.of("sweep", "conf/none.conf", "-h"), List.of("train", "--help"), List.of("report", "-h"));
    }

    @Test
    void aCheckpointDirThatIsAFileIsRefusedBeforeAnyData() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Result r = train(emptyConf(), "--checkpoint-dir", file.toString());

        String error = r.dataError();
        assertTrue(error.contains("--checkpoint-dir") && error.contains("expected a folder"), error);
        assertCacheEmpty();
    }

    @Test
    void aNegativeCheckpointIntervalNamesTheKey() throws IOException {
        Path dir = tmp.resolve("ckpt");
        Result r = train(emptyConf(), "--checkpoint-dir", dir.toString(), "--set", "ffsweep.checkpoint.every=-1s");

        String error = r.dataError();
        assertTrue(error.contains("ffsweep.checkpoint.every"), error);
        assertTrue(!Files.exists(dir), "nothing written");
        assertCacheEmpty();
    }

    @Test
    void unknownKeyInOverrideNamesKeyAndOverride() throws IOException {
        Result r = train(emptyConf(), "--set", "ffsweep.trial.model.activaton=relu");

        String error = r.inputError();
        assertTrue(error.contains("ffsweep.trial.model.activaton"), error);
        assertTrue(error.contains("--set ffsweep.trial.model.activaton=relu"), error);
        assertCacheEmpty();
    }

    @Test
    void missingConfFileIsNamed() throws IOException {
        Result r = train(tmp.resolve("no-such.conf"));

        assertTrue(r.inputError().contains("no-such.conf"), r.err);
        assertCacheEmpty();
    }

    @Test
    void aBadCpuKernelsSettingOfBenchIsNamedBeforeAnyData() throws IOException {
        Result r = run(List.of("bench", "--set", "bench.cpu-kernels=maybe",
                "--set", "ffsweep.data.local-dir=" + ConfigUtil.quoteString(local.toString()),
                "--set", "ffsweep.data.cache-dir=" + ConfigUtil.quoteString(cache.toString())));

        String error = r.inputError();
        assertTrue(error.contains("bench.cpu-kernels") && error.contains("'maybe'"), error);
        assertCacheEmpty();
    }

    @Test
    void unknownCommandIsNamed() throws IOException {
        Result r = run(List.of("frobnicate"));

        assertTrue(r.inputError().contains("frobnicate"), r.err);
        assertCacheEmpty();
    }

    @Test
    void emptyLocalDirNamesTheFirstMissingFile() throws IOException {
        Result r = train(emptyConf());

        assertTrue(r.dataError().contains("train-images-idx3-ubyte"), () -> "names the missing file: " + r.err);
        assertNoCachedTestLabels();
    }

    @Test
    void missingTestLabelsFileIsNamed() throws IOException {
        copyOtherThreeFromSample();

        Result r = train(emptyConf());

        assertTrue(r.dataError().contains(TEST_LABELS), () -> "names the missing file: " + r.err);
        assertNoCachedTestLabels();
    }

    @Test
    void truncatedTestLabelsFileIsNamedAndNotCached() throws IOException {
        Path mnist = copyOtherThreeFromSample();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(mnist.resolve(TEST_LABELS + ".gz")));
                OutputStream out = Files.newOutputStream(local.resolve(TEST_LABELS))) {
            out.write(in.readNBytes(1_000)); // 2,008 bytes in all
        }

        Result r = train(emptyConf());

        assertTrue(r.dataError().contains(TEST_LABELS), () -> "names the truncated file: " + r.err);
        assertNoCachedTestLabels();
    }

    private Path copyOtherThreeFromSample() throws IOException {
        Path mnist = MnistSample.folder();
        for (String f : OTHER_THREE) {
            Files.copy(mnist.resolve(f), local.resolve(f));
        }
        return mnist;
    }

    private Path emptyConf() throws IOException {
        return Files.writeString(tmp.resolve("empty.conf"), "# defaults only\n");
    }

    /** {@code train CONF}, with data from {@link #local} only and cached in {@link #cache}. */
    private Result train(Path conf, String... more) {
        List<String> args = new ArrayList<>(List.of("train", conf.toString(),
                "--set", "dataset=mnist-sample",
                "--set", "ffsweep.data.sources=[local]",
                "--set", "ffsweep.data.local-dir=" + ConfigUtil.quoteString(local.toString()),
                "--set", "ffsweep.data.cache-dir=" + ConfigUtil.quoteString(cache.toString())));
        args.addAll(List.of(more));
        return run(args);
    }

    private static Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = FfsweepMain.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertCacheEmpty() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(), s.toList(), "cache dir");
        }
    }

    /** No complete-looking test labels file and no temporary leftovers anywhere in the cache. */
    private void assertNoCachedTestLabels() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            List<Path> bad = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(TEST_LABELS) || n.endsWith(".part");
            }).toList();
            assertEquals(List.of(), bad, "half-written files in the cache");
        }
    }

    private record Result(int code, String out, String err) {
        private String firstLine() {
            return err.lines().findFirst().orElse("");
        }

        /**
         * The error: the first stderr line that starts with {@code ffsweep:}; only progress lines
         * (which {@code train} prints before it reads data) may come before it.
         */
        private String errorLine() {
            for (String line : err.lines().toList()) {
                if (line.startsWith("ffsweep:")) {
                    return line;
                }
                if (PROGRESS_PREFIXES.stream().noneMatch(line::startsWith)) {
                    fail("a line before the error is not progress: '" + line + "'\nstderr:\n" + err);
                }
            }
            return fail("no line starts with 'ffsweep:'\nstderr:\n" + err);
        }

        /** Asserts a bad-input exit with the error on stderr's first line; returns that line. */
        String inputError() {
            assertEquals(FfsweepMain.BAD_INPUT, code, () -> "exit code; stderr:\n" + err);
            assertEquals("", out, "stdout");
            assertTrue(firstLine().startsWith("ffsweep:"), () -> "stderr:\n" + err);
            return firstLine();
        }

        /** Asserts a bad-input exit after nothing but progress on stderr; returns the error line. */
        String dataError() {
            assertEquals(FfsweepMain.BAD_INPUT, code, () -> "exit code; stderr:\n" + err);
            assertEquals("", out, "stdout");
            return errorLine();
        }
    }
}
