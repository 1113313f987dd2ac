package org.ffsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ffsweep.core.config.Options.Activation;
import org.ffsweep.core.config.Options.NegativeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("trial.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsAreTheStudysDefaultConfiguration() throws IOException {
        TrialConfig t = ConfigLoader.load(write(""), List.of()).trial();
        assertEquals(List.of(500, 500, 500, 500), t.model().hiddenSizes());
        assertEquals(Activation.ELU, t.model().activation());
        assertTrue(t.model().inputNorm());
        assertEquals(0.2, t.model().dropout());
        assertEquals(10.0, t.ff().threshold());
        assertEquals(1.0, t.ff().margin());
        assertEquals(NegativeMode.RANDOM, t.ff().negatives());
        assertEquals(0.03, t.training().learningRate());
        assertEquals(10000, t.training().batchSize());
        assertEquals(2000, t.training().epochs());
    }

    @Test
    void fileValuesAndOverridesApply() throws IOException {
        Path f = write("ffsweep.trial { model.activation = leaky_relu\n ff.threshold = 2.5 }\n");
        TrialConfig t = ConfigLoader.load(f, List.of("training.epochs=7", "ffsweep.trial.ff.negatives=all")).trial();
        assertEquals(Activation.LEAKY_RELU, t.model().activation());
        assertEquals(2.5, t.ff().threshold());
        assertEquals(7, t.training().epochs());
        assertEquals(NegativeMode.ALL, t.ff().negatives());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ffsweep.trial.model.activation = swish|ffsweep.trial.model.activation|unknown value 'swish'",
        "ffsweep.trial.ff.threshold = -1|ffsweep.trial.ff.threshold|must be a finite number >= 0.0",
        "ffsweep.trial.model.hidden-sizes = [500, 0]|ffsweep.trial.model.hidden-sizes|every width must be > 0",
        "ffsweep.trial.model.dropout = 1.0|ffsweep.trial.model.dropout|must be in [0.0, 1.0)",
        "ffsweep.trial.training.batch-size = 0|ffsweep.trial.training.batch-size|must be > 0",
        "ffswep.trial.training.epochs = 5|ffswep.trial.training.epochs|unknown top-level key 'ffswep'",
        "colour = blue|colour|unknown top-level key 'colour'",
        "ffsweep.trial.training.batch-size = 1.5|ffsweep.trial.training.batch-size|must be a whole number, got 1.5",
        "ffsweep.trial.training.epochs = \"2.5\"|ffsweep.trial.training.epochs|must be a whole number, got 2.5",
        "ffsweep.trial.seed = 4.2|ffsweep.trial.seed|must be a whole number, got 4.2",
        "ffsweep.trial.model.hidden-sizes = [500.5]|ffsweep.trial.model.hidden-sizes|must be a whole number",
        "ffsweep.runtime.threads = 2.5|ffsweep.runtime.threads|must be a whole number, got 2.5",
        "ffsweep.trial.model.hidden-sizes = [2000000000]|ffsweep.trial.model.hidden-sizes|more than one tensor can hold",
        "ffsweep.trial.model.hidden-sizes = [100000, 100000]|ffsweep.trial.model.hidden-sizes|more than one tensor",
        "ffsweep.trial.model.hidden-sizes = [40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000,"
                + " 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000, 40000]"
                + "|ffsweep.trial.model.hidden-sizes|more than this machine's",
    })
    void badValuesNameTheKeyFileAndLine(String line, String key, String message) throws IOException {
        Path f = write("# a comment\n" + line + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("trial.conf: 2"), e.getMessage());
    }

    @Test
    void wholeNumbersWrittenWithAFractionPartOfZeroAreAccepted() throws IOException {
        TrialConfig t = ConfigLoader.load(write("ffsweep.trial.training { batch-size = 1000.0, epochs = 1e3 }\n"),
                List.of()).trial();
        assertEquals(1000, t.training().batchSize());
        assertEquals(1000, t.training().epochs());
    }

    @Test
    void unknownKeysAreRefusedWithTheirLine() throws IOException {
        Path f = write("ffsweep.trial {\n  model {\n    activaton = relu\n  }\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("ffsweep.trial.model.activaton"), e.getMessage());
        assertTrue(e.getMessage().contains("trial.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    }

    @Test
    void quotedDottedKeysAreCheckedToo() throws IOException {
        Path f = write("ffsweep.trial {\n  \"model.activaton\" = relu\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("trial.conf: 2"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    }

    @Test
    void wrongTypesAreRefused() throws IOException {
        Path f = write("ffsweep.trial.training.epochs = lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("training.epochs"), e.getMessage());
    }

    @Test
    void badOverridesNameTheOverride() throws IOException {
        Path f = write("");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f, List.of("ff.threshold=-3")));
        assertTrue(e.getMessage().contains("--set ff.threshold=-3"), e.getMessage());
    }

    @Test
    void skipConnectionsNeedEqualWidths() throws IOException {
        Path f = write("ffsweep.trial.model { skip-connections = true\n hidden-sizes = [500, 400, 300] }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("skip-connections"), e.getMessage());
    }

    @Test
    void trialsSerialiseForShippingToExecutors() throws Exception {
        TrialConfig t = ConfigLoader.load(write(""), List.of("model.hidden-sizes=[10, 20]")).trial();
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(t);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            TrialConfig back = (TrialConfig) in.readObject();
            assertEquals(t, back);
            assertEquals(t.configHash(), back.configHash());
        }
    }

    @Test
    void missingFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir.resolve("nope.conf"), List.of()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    }

    @Test
    void configHashIgnoresTheNameButNotHyperparameters() throws IOException {
        Path f = write("");
        TrialConfig a = ConfigLoader.load(f, List.of("name=a")).trial();
        TrialConfig b = ConfigLoader.load(f, List.of("name=b")).trial();
        TrialConfig c = ConfigLoader.load(f, List.of("ff.margin=0.5")).trial();
        assertEquals(a.configHash(), b.configHash());
        assertNotEquals(a.configHash(), c.configHash());
        assertEquals("leaky-relu", ConfigLoader.load(f, List.of("model.activation=leaky-relu")).trial().toJson()
                .getAsJsonObject("model").get("activation").getAsString());
    }
}
