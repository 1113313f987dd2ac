package org.ffsweep.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.config.Options.Representation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The unsupervised kinds and their options: parsing, cross-checks, and trial identity. */
class UnsupervisedConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("unsup.conf"), text);
    }

    @Test
    void theKindsAndTheirDefaults() throws IOException {
        TrialConfig t = ConfigLoader.load(write("ffsweep.trial.model.kind = ff-class-pairs\n"), List.of()).trial();
        assertEquals(ModelKind.FF_CLASS_PAIRS, t.model().kind());
        assertTrue(t.model().kind().probed());
        assertEquals(10, t.unsupervised().blurRepeats());
        assertEquals(Options.MaskPadding.ZERO, t.unsupervised().maskPadding());
        assertEquals(Representation.AUTO, t.unsupervised().representation());
        assertEquals(Representation.LAYER_SUM, t.unsupervised().representationFor(ModelKind.FF_CLASS_PAIRS));
        assertEquals(Representation.NORMALIZED_FROM_SECOND,
                t.unsupervised().representationFor(ModelKind.FF_UNSUPERVISED));
        assertFalse(ModelKind.FF.probed());
        assertFalse(ModelKind.BACKPROP_MLP.probed());
        TrialConfig h = ConfigLoader.load(write(""), List.of("model.kind=ff-unsupervised",
                "unsupervised.representation=last-layer", "unsupervised.blur-repeats=3",
                "unsupervised.mask-padding=edge")).trial();
        assertEquals(Representation.LAST_LAYER, h.unsupervised().representationFor(ModelKind.FF_UNSUPERVISED));
        assertEquals(3, h.unsupervised().blurRepeats());
        assertEquals(Options.MaskPadding.EDGE, h.unsupervised().maskPadding());
        assertEquals("ff-unsupervised", h.toJson().getAsJsonObject("model").get("kind").getAsString());
        assertEquals("last-layer", h.toJson().getAsJsonObject("unsupervised").get("representation").getAsString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ffsweep.trial.unsupervised.representation = pca|ffsweep.trial.unsupervised.representation|unknown value 'pca'",
        "ffsweep.trial.unsupervised.blur-repeats = -1|ffsweep.trial.unsupervised.blur-repeats|must be >= 0",
        "ffsweep.trial.unsupervised.mask-padding = reflect|ffsweep.trial.unsupervised.mask-padding|expected one of [zero, edge]",
        "ffsweep.trial.unsupervised.probe.epochs = 0|ffsweep.trial.unsupervised.probe.epochs|must be > 0",
        "ffsweep.trial.unsupervised.probe.learning-rate = 0|ffsweep.trial.unsupervised.probe.learning-rate|must be a finite number > 0",
        "ffsweep.trial.unsupervised.probe.before-training = maybe|ffsweep.trial.unsupervised.probe.before-training|wrong type",
        "ffsweep.trial.model.kind = ff-contrastive|ffsweep.trial.model.kind|unknown value 'ff-contrastive'",
        "ffsweep.trial.unsupervised.blur = 3|ffsweep.trial.unsupervised.blur|unknown key",
    })
    void badValuesNameTheKeyFileAndLine(String line, String key, String message) throws IOException {
        Path f = write("# comment\n" + line + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("unsup.conf: 2"), e.getMessage());
    }

    @Test
    void aLayerSumNeedsLayersOfOneWidth() throws IOException {
        Path f = write("ffsweep.trial {\n  model { kind = ff-class-pairs, hidden-sizes = [100, 50] }\n"
                + "  unsupervised.representation = auto\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().contains("layer-sum"), e.getMessage());
        assertTrue(e.getMessage().contains("model.hidden-sizes [100, 50]"), e.getMessage());
        assertTrue(e.getMessage().contains("unsup.conf: 3"), e.getMessage());
        // Hinton's representation (concatenated) takes any widths, and so does a layer-sum for kinds without a probe
        ConfigLoader.load(f, List.of("model.kind=ff-unsupervised"));
        ConfigLoader.load(f, List.of("model.kind=ff", "unsupervised.representation=layer-sum"));
    }

    @Test
    void unsupervisedOptionsArePartOfTheIdOfProbedKindsOnly() throws IOException {
        Path f = write("");
        String ff = ConfigLoader.load(f, List.of()).trial().configHash();
        String ffOtherBlur = ConfigLoader.load(f, List.of("unsupervised.blur-repeats=3")).trial().configHash();
        assertEquals(ff, ffOtherBlur, "kind ff ignores unsupervised.*, and its id does too");
        String u = ConfigLoader.load(f, List.of("model.kind=ff-unsupervised")).trial().configHash();
        String uOtherBlur = ConfigLoader.load(f, List.of("model.kind=ff-unsupervised", "unsupervised.blur-repeats=3"))
                .trial().configHash();
        String pairs = ConfigLoader.load(f, List.of("model.kind=ff-class-pairs")).trial().configHash();
        assertNotEquals(u, uOtherBlur);
        assertNotEquals(u, pairs);
        assertNotEquals(ff, u);
    }

    @Test
    void theShippedConfFilesLoad() {
        Path conf = Path.of(System.getProperty("user.dir")).resolveSibling("conf");
        TrialConfig study = ConfigLoader.load(conf.resolve("unsupervised-study.conf"), List.of()).trial();
        TrialConfig hinton = ConfigLoader.load(conf.resolve("unsupervised-hinton.conf"), List.of()).trial();
        assertEquals(ModelKind.FF_CLASS_PAIRS, study.model().kind());
        assertEquals(ModelKind.FF_UNSUPERVISED, hinton.model().kind());
        for (TrialConfig t : List.of(study, hinton)) {
            assertEquals(List.of(2000, 2000, 2000, 2000), t.model().hiddenSizes());
            assertEquals(Options.Activation.RELU, t.model().activation());
            assertEquals(0.5, t.ff().threshold());
            assertEquals(0.0, t.ff().margin());
            assertEquals(0.06, t.training().learningRate());
            assertEquals(100, t.training().epochs());
            assertEquals(0.0, t.model().dropout());
        }
    }
}
