package org.ffsweep.sweep.grid;

import static org.ffsweep.sweep.grid.SweepFiles.expand;
import static org.ffsweep.sweep.grid.SweepFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dry run's streamed expansion ({@link GridExpander#preview}) gives the counts and the trials
 * of the full expansion; a large sweep is previewed without keeping its trials; names that
 * become folders are checked.
 */
class SweepPreviewTest {
    @TempDir
    Path tmp;

    private static SortedMap<Integer, TrialSpec> sampleOf(SweepPlan plan, int size) {
        SortedMap<Integer, TrialSpec> m = new TreeMap<>();
        for (int i : GridExpander.sampleIndices(plan.trials().size(), size)) {
            m.put(i, plan.trials().get(i));
        }
        return m;
    }

    private void assertSameAsExpand(Path f, String... overrides) {
        SweepPlan plan = expand(f, overrides);
        GridExpander.Preview p = GridExpander.preview(f, List.of(overrides), 7);
        assertEquals(plan.name(), p.name());
        assertEquals(plan.trials().size(), p.trials());
        assertEquals(plan.duplicatesDropped(), p.duplicatesDropped());
        assertEquals(plan.excluded(), p.excluded());
        assertEquals(sampleOf(plan, 7), p.sample());
    }

    @Test
    void previewMatchesTheFullExpansion() throws IOException {
        Path f = write(tmp, "mixed.conf",
                "ffsweep.trial { model.hidden-sizes = [20, 20], training.adam.beta1 = 0.8 }",
                "ffsweep.sweep {",
                "  grid { \"ff.threshold\" = { from = 1, to = 4, step = 1 }, \"model.skip-connections\" = [false, true] }",
                "  zip = [ { \"ff.loss\" = [logistic, p-pos], \"ff.goodness\" = [mean-squares, sum-squares] } ]",
                "  one-at-a-time { \"model.hidden-sizes\" = [[20, 20], [30]], \"training.adam\" = [{ beta2 = 0.9 }] }",
                "  repeats = 3",
                "  exclude = [ { \"ff.threshold\" = 2, \"ff.loss\" = p-pos } ]",
                "}");
        assertSameAsExpand(f);
        assertSameAsExpand(f, "training.epochs=3");
        SweepPlan plan = expand(f);
        assertTrue(plan.duplicatesDropped() > 0 && plan.excluded() > 0, plan.duplicatesDropped() + " " + plan.excluded());
        TrialSpec adam = plan.trials().stream().filter(t -> t.axisValues().containsKey("training.adam")).findFirst()
                .orElseThrow();
        assertEquals(0.9, adam.config().training().beta2());
        assertEquals(0.9, adam.config().training().beta1(), "an object value replaces the file's object, as before");
    }

    @Test
    void substitutionsInTheBaseTakeTheSlowPathWithTheSameResult() throws IOException {
        Path f = write(tmp, "subst.conf",
                "ffsweep.trial { ff.threshold = 2, ff.margin = ${ffsweep.trial.ff.threshold} }",
                "ffsweep.sweep.grid { \"ff.threshold\" = [3, 4] }");
        SweepPlan plan = expand(f);
        assertEquals(List.of(3.0, 4.0), plan.trials().stream().map(t -> t.config().ff().margin()).toList(),
                "the margin follows the axis through the substitution");
        assertSameAsExpand(f);
    }

    @Test
    void anAxisValueOfTheWrongTypeOrWithAnUnknownKeyIsRefusedAtItsLine() throws IOException {
        Path f = write(tmp, "types.conf", "ffsweep.sweep.grid {", "  \"training.batch-size\" = [100, 1.5]", "}");
        ConfigException e = assertThrows(ConfigException.class, () -> GridExpander.preview(f, List.of(), 10));
        assertTrue(e.getMessage().contains("types.conf: 3") && e.getMessage().contains("must be a whole number"),
                e.getMessage());
        Path g = write(tmp, "keys.conf", "ffsweep.sweep.grid {", "  \"training.adam\" = [{ beta3 = 0.9 }]", "}");
        e = assertThrows(ConfigException.class, () -> GridExpander.preview(g, List.of(), 10));
        assertTrue(e.getMessage().contains("keys.conf: 3") && e.getMessage().contains("beta3"), e.getMessage());
    }

    @Test
    void aLargeSweepIsPreviewedWithoutKeepingItsTrials() throws IOException {
        Path f = write(tmp, "large.conf", "ffsweep.sweep.grid {",
                "  \"ff.threshold\" = { from = 1, to = 100, step = 1 }, \"ff.margin\" = { from = 0, to = 199, step = 1 }",
                "}");
        GridExpander.Preview p = GridExpander.preview(f, List.of(), 10);
        assertEquals(20_000, p.trials());
        assertEquals(List.of(0, 2222, 4444, 6666, 8888, 11110, 13332, 15554, 17776, 19999),
                List.copyOf(p.sample().keySet()));
        assertEquals(Map.of("ff.margin", "199", "ff.threshold", "100"), Map.copyOf(p.sample().get(19_999).axisValues()));
        assertEquals(Map.of("ff.margin", "22", "ff.threshold", "23"), Map.copyOf(p.sample().get(2222).axisValues()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "a/b", "..", ".", "two words", "x\\\\y", "résultats"})
    void aSweepNameThatIsNotAPlainFolderNameIsRefused(String name) throws IOException {
        Path f = write(tmp, "named.conf", "ffsweep.sweep {", "  name = \"" + name + "\"", "}");
        ConfigException e = assertThrows(ConfigException.class, () -> expand(f));
        assertTrue(e.getMessage().contains("ffsweep.sweep.name") && e.getMessage().contains("named.conf: 3")
                && e.getMessage().contains("letters, digits"), e.getMessage());
    }

    @Test
    void aFileNameThatIsNotAPlainFolderNameNeedsAName() throws IOException {
        Path f = write(tmp, "my sweep.conf", "ffsweep.trial.ff.threshold = 2");
        ConfigException e = assertThrows(ConfigException.class, () -> expand(f));
        assertTrue(e.getMessage().contains("'my sweep'") && e.getMessage().contains("set ffsweep.sweep.name"),
                e.getMessage());
        Path ok = write(tmp, "my sweep 2.conf", "ffsweep.sweep.name = paper-v1.2_b");
        assertEquals("paper-v1.2_b", expand(ok).name());
    }
}
