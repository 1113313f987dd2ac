package org.ffsweep.sweep.grid;

import static org.ffsweep.sweep.grid.SweepFiles.expand;
import static org.ffsweep.sweep.grid.SweepFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expansion of sweep files into validated trials: order, zip, one-at-a-time, repeats, exclude, errors. */
class GridExpanderTest {
    @TempDir
    Path tmp;

    private static List<Map<String, String>> axes(SweepPlan plan) {
        return plan.trials().stream().map(t -> Map.copyOf(t.axisValues())).toList();
    }

    private static void assertRefused(Path file, String where, String message, String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> expand(file, overrides));
        assertTrue(e.getMessage().contains(where), () -> "names " + where + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(message), () -> "says " + message + ": " + e.getMessage());
    }

    @Test
    void gridIsTheCartesianProductInPathOrderLastAxisFastest() throws IOException {
        Path f = write(tmp, "g.conf",
                "ffsweep.sweep.grid {",
                "  \"model.activation\" = [tanh, relu]",
                "  \"ff.threshold\" = [2, 1]",
                "  ff { margin = [0] }",
                "}");

        SweepPlan plan = expand(f);

        assertEquals(List.of(
                Map.of("ff.margin", "0", "ff.threshold", "2", "model.activation", "\"tanh\""),
                Map.of("ff.margin", "0", "ff.threshold", "2", "model.activation", "\"relu\""),
                Map.of("ff.margin", "0", "ff.threshold", "1", "model.activation", "\"tanh\""),
                Map.of("ff.margin", "0", "ff.threshold", "1", "model.activation", "\"relu\"")), axes(plan));
        assertEquals(2.0, plan.trials().get(0).config().ff().threshold());
        assertEquals("tanh", plan.trials().get(0).config().model().activation().key());
        assertEquals("g", plan.name());
        assertEquals(plan.trials().stream().map(TrialSpec::trialId).toList(),
                expand(f).trials().stream().map(TrialSpec::trialId).toList(), "same order and ids every time");
        plan.trials().forEach(t -> assertEquals(t.config().configHash(), t.trialId()));
    }

    @Test
    void zipGroupsMoveTogetherAndCombineWithTheGrid() throws IOException {
        Path f = write(tmp, "z.conf",
                "ffsweep.sweep {",
                "  name = zipped",
                "  grid { \"ff.negatives\" = [once, random] }",
                "  zip = [ { \"ff.loss\" = [logistic, p-pos], \"ff.goodness\" = [mean-squares, sum-squares] } ]",
                "}");

        SweepPlan plan = expand(f);

        assertEquals("zipped", plan.name());
        assertEquals(4, plan.trials().size());
        Set<String> pairs = plan.trials().stream()
                .map(t -> t.config().ff().loss().key() + "/" + t.config().ff().goodness().key())
                .collect(Collectors.toSet());
        assertEquals(Set.of("logistic/mean-squares", "p-pos/sum-squares"), pairs);
        // "ff.goodness" (a zip group's first path) sorts before "ff.negatives": the zip varies slowest.
        assertEquals("\"once\"", plan.trials().get(0).axisValues().get("ff.negatives"));
        assertEquals("\"random\"", plan.trials().get(1).axisValues().get("ff.negatives"));
        assertEquals("\"logistic\"", plan.trials().get(1).axisValues().get("ff.loss"));
    }

    @Test
    void zipListsOfUnequalLengthAreRefusedWithFileAndLine() throws IOException {
        Path f = write(tmp, "z.conf",
                "ffsweep.sweep.zip = [",
                "  { \"ff.loss\" = [logistic, p-pos], \"ff.goodness\" = [sum-squares] }",
                "]");

        assertRefused(f, "z.conf: 3", "equal lengths, got {ff.goodness=1, ff.loss=2}");
    }

    @Test
    void oneAtATimeIsTheBaseOncePlusOneTrialPerValue() throws IOException {
        Path f = write(tmp, "o.conf",
                "ffsweep.sweep.one-at-a-time {",
                "  \"model.activation\" = [relu, tanh, gelu]",
                "  \"ff.threshold\" = [2, 10.0]",       // 10 is the base's threshold
                "}");

        SweepPlan plan = expand(f);

        assertEquals(1 + 3 + 2 - 1, plan.trials().size());
        assertEquals(1, plan.duplicatesDropped());
        assertEquals(Map.of(), plan.trials().get(0).axisValues(), "the base trial comes first");
        assertEquals(Map.of("ff.threshold", "2"), plan.trials().get(1).axisValues());
        plan.trials().subList(2, 5).forEach(t -> {
            assertEquals(10.0, t.config().ff().threshold(), "only the axis's path changes");
            assertEquals(Set.of("model.activation"), t.axisValues().keySet());
        });
    }

    @Test
    void oneAtATimeWithAGridIsTheUnion() throws IOException {
        Path f = write(tmp, "u.conf",
                "ffsweep.sweep.grid { \"ff.margin\" = [0, 2] }",
                "ffsweep.sweep.one-at-a-time { \"model.dropout\" = [0, 0.5] }");

        SweepPlan plan = expand(f);

        assertEquals(2 + 1 + 2, plan.trials().size());
        assertEquals(0, plan.duplicatesDropped());
    }

    @Test
    void repeatsGiveConsecutiveSeedsAndDistinctIds() throws IOException {
        Path f = write(tmp, "r.conf",
                "ffsweep.trial.seed = 7",
                "ffsweep.sweep { repeats = 3, grid { \"ff.threshold\" = [1, 2] } }");

        SweepPlan plan = expand(f);

        assertEquals(List.of(7L, 8L, 9L, 7L, 8L, 9L), plan.trials().stream().map(t -> t.config().seed()).toList());
        assertEquals("8", plan.trials().get(1).axisValues().get("seed"));
        assertEquals(6, plan.trials().stream().map(TrialSpec::trialId).distinct().count());
    }

    @Test
    void excludeDropsTrialsMatchingEveryKeyOfAnEntry() throws IOException {
        Path f = write(tmp, "x.conf",
                "ffsweep.sweep {",
                "  grid {",
                "    \"model.skip-connections\" = [false, true]",
                "    \"model.hidden-sizes\" = [[500, 400], [300], [200]]",
                "    \"model.activation\" = [relu, tanh, elu]",
                "  }",
                "  exclude = [",
                "    { \"model.skip-connections\" = true, \"model.hidden-sizes\" = [[500, 400], [300]] }",
                "    { \"model.activation\" = [relu, tanh], \"model.hidden-sizes\" = [200] }",
                "  ]",
                "}");

        SweepPlan plan = expand(f);

        // entry 1: skip x 2 widths x 3 activations = 6; entry 2: 2 skips x 1 width x 2 activations = 4.
        assertEquals(6 + 4, plan.excluded());
        assertEquals(2 * 3 * 3 - 10, plan.trials().size());
        for (TrialSpec t : plan.trials()) {
            var m = t.config().model();
            assertTrue(!(m.skipConnections() && m.hiddenSizes().get(0) > 200), t.describe());
            assertTrue(!(m.hiddenSizes().equals(List.of(200)) && !m.activation().key().equals("elu")), t.describe());
        }
    }

    @Test
    void excludeComparesNumbersByValueAndSeesBaseValues() throws IOException {
        Path f = write(tmp, "x.conf",
                "ffsweep.trial.model.dropout = 0.2",
                "ffsweep.sweep {",
                "  grid { \"ff.threshold\" = { from = 1, to = 3, step = 1 } }",
                "  exclude = [ { \"ff.threshold\" = 2.0, \"model.dropout\" = 0.20 } ]",
                "}");

        SweepPlan plan = expand(f);

        assertEquals(1, plan.excluded());
        assertEquals(List.of(1.0, 3.0), plan.trials().stream().map(t -> t.config().ff().threshold()).toList());
    }

    @Test
    void unknownAxisPathNamesTheSweepFileAndLine() throws IOException {
        Path f = write(tmp, "u.conf",
                "ffsweep.sweep.grid {",
                "  \"ff.threshold\" = [1, 2]",
                "  \"model.activaton\" = [relu]",
                "}");

        assertRefused(f, "u.conf: 4", "unknown trial key 'model.activaton'");
    }

    @Test
    void unknownExcludeKeyNamesTheSweepFileAndLine() throws IOException {
        Path f = write(tmp, "u.conf",
                "ffsweep.sweep.exclude = [",
                "  { \"ff.treshold\" = 1 }",
                "]");

        assertRefused(f, "u.conf: 3", "unknown trial key 'ff.treshold'");
    }

    @Test
    void unknownSweepKeyIsRefused() throws IOException {
        Path f = write(tmp, "u.conf", "ffsweep.sweep.gird { \"ff.threshold\" = [1] }");

        assertRefused(f, "u.conf: 2", "ffsweep.sweep.gird");
    }

    @Test
    void oneInvalidValueRefusesTheWholeSweepWithFileLineAndValue() throws IOException {
        Path f = write(tmp, "bad.conf",
                "ffsweep.sweep.grid {",
                "  \"ff.threshold\" = [1, 2]",
                "  \"model.activation\" = [relu,",
                "    swish]",
                "}");

        assertRefused(f, "bad.conf: 5", "'swish'");
        assertRefused(f, "bad.conf: 5", "model.activation=\"swish\"");
    }

    @Test
    void outOfRangeRangeValueIsRefusedAtTheRangesLine() throws IOException {
        Path f = write(tmp, "bad.conf",
                "ffsweep.sweep.grid {",
                "  \"model.dropout\" = { from = 0.5, to = 1.0, step = 0.25 }",
                "}");

        assertRefused(f, "bad.conf: 3", "got 1.0");
    }

    @Test
    void badRangeNamesTheSweepFileAndLine() throws IOException {
        Path f = write(tmp, "bad.conf",
                "ffsweep.sweep.grid {",
                "  \"ff.margin\" = [0, 1]",
                "  \"ff.threshold\" = { from = 2, to = 1, step = 0.5 }",
                "}");

        assertRefused(f, "bad.conf: 4", "to must be >= its from");
    }

    @Test
    void duplicateTrialsAreDroppedAndCounted() throws IOException {
        Path f = write(tmp, "d.conf",
                "ffsweep.sweep.grid {",
                "  \"ff.threshold\" = [1, 1.0, 2]",
                "  \"name\" = [a, b]",         // the name is not part of a trial's identity
                "}");

        SweepPlan plan = expand(f);

        assertEquals(2, plan.trials().size());
        assertEquals(4, plan.duplicatesDropped());
        assertNotEquals(plan.trials().get(0).trialId(), plan.trials().get(1).trialId());
    }

    @Test
    void overlappingAxesAreRefused() throws IOException {
        Path f = write(tmp, "o.conf",
                "ffsweep.sweep {",
                "  grid { \"ff.threshold\" = [1, 2] }",
                "  zip = [ { \"ff.threshold\" = [3], \"ff.margin\" = [0] } ]",
                "}");

        assertRefused(f, "o.conf: 4", "overlaps the axis 'ff.threshold'");
    }

    @Test
    void overridesApplyToEveryTrialButMayNotSetAnAxis() throws IOException {
        Path f = write(tmp, "s.conf", "ffsweep.sweep.grid { \"ff.threshold\" = [1, 2] }");

        SweepPlan plan = expand(f, "training.epochs=3", "ffsweep.sweep.repeats=2");

        assertEquals(4, plan.trials().size());
        plan.trials().forEach(t -> assertEquals(3, t.config().training().epochs()));
        assertRefused(f, "s.conf: 2", "may not be set by --set ff.threshold=3", "ff.threshold=3");
    }

    @Test
    void withoutAxesTheSweepIsTheBaseTrial() throws IOException {
        SweepPlan plan = expand(write(tmp, "b.conf", "ffsweep.trial.ff.threshold = 3"));

        assertEquals(1, plan.trials().size());
        assertEquals(3.0, plan.trials().get(0).config().ff().threshold());
    }
}
