package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.core.pack.PackKey;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.ImageSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validation split on the mnist-sample training images, and the accuracy trials record on it. */
class ValidationSplitTest {
    private static ImageSet train;

    @BeforeAll
    static void load() throws IOException {
        train = TrialData.of(MnistSample.read()).train();
    }

    @Test
    void eachLabelGivesItsShareAndTheRestTrainsInOrder() {
        int size = 1000;
        ValidationSplit s = ValidationSplit.of(train, size, 42);
        int[] all = counts(train);
        int[] held = counts(s.validation());
        int[] left = counts(s.train());
        assertEquals(size, s.validation().count());
        assertEquals(train.count() - size, s.train().count());
        assertEquals(size, Arrays.stream(held).sum());
        for (int l = 0; l < 10; l++) {
            double share = (double) size * all[l] / train.count();
            assertTrue(Math.abs(held[l] - share) < 1, "label " + l + ": " + held[l] + " held, share " + share);
            assertEquals(all[l], held[l] + left[l]);
        }
        // disjoint, covering, and the images are the rows they claim to be
        int[] rows = s.validationRows();
        Set<Integer> heldRows = new HashSet<>();
        for (int i = 0; i < rows.length; i++) {
            heldRows.add(rows[i]);
            assertEquals(train.label(rows[i]), s.validation().label(i));
            assertArrayEquals(image(train, rows[i]), image(s.validation(), i));
        }
        assertEquals(size, heldRows.size());
        int t = 0;
        for (int r = 0; r < train.count(); r++) {
            if (!heldRows.contains(r)) {
                assertArrayEquals(image(train, r), image(s.train(), t++), "training images keep their order");
            }
        }
        assertEquals(s.train().count(), t);
    }

    @Test
    void theSplitIsFixedBySeedAndTheSameInEveryJvm() {
        int[] a = ValidationSplit.of(train, 500, 42).validationRows();
        assertArrayEquals(a, ValidationSplit.of(train, 500, 42).validationRows());
        assertFalse(Arrays.equals(a, ValidationSplit.of(train, 500, 43).validationRows()));
        // pinned: the split depends on nothing but the algorithm, the seed and the data
        assertEquals(PINNED_HASH_42, Arrays.hashCode(a), "first rows " + Arrays.toString(Arrays.copyOf(a, 8)));
    }

    private static final int PINNED_HASH_42 = 1097063496;

    @Test
    void noneHeldOutIsTheStudy() {
        ValidationSplit s = ValidationSplit.of(train, 0, 42);
        assertSame(train, s.train());
        assertNull(s.validation());
        var e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.of(train, train.count(), 1));
        assertTrue(e.getMessage().contains("data.validation-size: 5000"), e.getMessage());
    }

    @Test
    void theConfigKeyKeepsOldTrialIdsWhileZero() {
        TrialConfig none = trial(List.of());
        TrialConfig zero = trial(List.of("data.validation-size=0"));
        TrialConfig some = trial(List.of("data.validation-size=100"));
        assertEquals(none.configHash(), zero.configHash());
        assertFalse(none.configHash().equals(some.configHash()));
        assertFalse(none.toJson().toString().isEmpty());
        var e = assertThrows(RuntimeException.class, () -> trial(List.of("data.validation-size=-1")));
        assertTrue(e.getMessage().contains("data.validation-size"), e.getMessage());
    }

    @Test
    void trialsHoldingOutAValidationSetPackOnlyWithTrialsOfTheirSeed() {
        // their training images depend on their seed (and the split); threshold stays a per-trial value
        assertEquals(PackKey.of(trial(List.of("ff.threshold=1"))), PackKey.of(trial(List.of("ff.threshold=2"))));
        assertEquals(PackKey.of(trial(List.of("ff.threshold=1", "data.validation-size=100"))),
                PackKey.of(trial(List.of("ff.threshold=2", "ff.margin=1", "data.validation-size=100"))));
        assertFalse(PackKey.of(trial(List.of("seed=1", "data.validation-size=100")))
                .equals(PackKey.of(trial(List.of("seed=2", "data.validation-size=100")))));
        assertFalse(PackKey.of(trial(List.of("data.validation-size=100")))
                .equals(PackKey.of(trial(List.of("data.validation-size=200")))));
        assertEquals(PackKey.of(trial(List.of("seed=1"))), PackKey.of(trial(List.of("seed=2"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "backprop-mlp", "ff-class-pairs"})
    void everyEvaluationRecordsValidationAccuracyWhenOn(String kind) throws IOException {
        RuntimeConfig cpu = new RuntimeConfig(1, DevicePreference.CPU);
        TrialData data = TrialData.of(MnistSample.read());
        List<String> o = List.of("model.kind=" + kind, "training.batch-size=200", "training.epochs=2",
                "training.train-limit=400", "unsupervised.probe.epochs=1");
        TrialResult off = TrialRunner.run(trial(o), cpu, data, List.of());
        assertTrue(off.evalMetrics().stream().allMatch(e -> Double.isNaN(e.validationAccuracy())));
        assertTrue(Double.isNaN(off.validationAccuracy()));

        List<String> on = new java.util.ArrayList<>(o);
        on.add("data.validation-size=300");
        TrialResult r = TrialRunner.run(trial(on), cpu, data, List.of());
        assertFalse(r.evalMetrics().isEmpty());
        for (EvalMetrics e : r.evalMetrics()) {
            assertTrue(e.validationAccuracy() >= 0 && e.validationAccuracy() <= 1, e.toString());
            // 300 images: accuracies are multiples of 1/300
            assertEquals(0, Math.abs(e.validationAccuracy() * 300 - Math.round(e.validationAccuracy() * 300)), 1e-6);
        }
        assertEquals(r.evalMetrics().get(r.evalMetrics().size() - 1).validationAccuracy(), r.validationAccuracy());
    }

    private static TrialConfig trial(List<String> overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("dataset=mnist-sample", "model.hidden-sizes=[20, 20]",
                "ff.threshold=1", "metrics.train-eval-size=100"));
        all.addAll(overrides);
        return ConfigLoader.load(ConfigFactory.empty("test"), all).trial();
    }

    private static int[] counts(ImageSet s) {
        int[] c = new int[10];
        for (int i = 0; i < s.count(); i++) {
            c[s.label(i)]++;
        }
        return c;
    }

    private static byte[] image(ImageSet s, int i) {
        return Arrays.copyOfRange(s.pixels(), i * s.pixelsPerImage(), (i + 1) * s.pixelsPerImage());
    }
}
