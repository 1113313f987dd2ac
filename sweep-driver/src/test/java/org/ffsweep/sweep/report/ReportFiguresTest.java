package org.ffsweep.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ffsweep.sweep.report.ResultsSnapshot.EvalPoint;
import org.junit.jupiter.api.Test;

/** The accuracy curves' settings: a one-at-a-time sweep with seeds, as conf/repro-collapse.conf writes it. */
class ReportFiguresTest {
    private static TrialRow trial(String id, String axisValues) {
        return new TrialRow(id, Map.of("trial_id", id, "status", "completed", "axis_values", axisValues), false);
    }

    @Test
    void seedsOfASettingGroupTogetherAndTheBaseIsNamed() {
        List<TrialRow> trials = List.of(
                trial("aaaaaaaa01", "{\"seed\":\"42\"}"),
                trial("bbbbbbbb01", "{\"model.activation\":\"tanh\",\"seed\":\"42\"}"),
                trial("aaaaaaaa02", "{\"seed\":\"43\"}"),
                trial("cccccccc01", "{\"model.hidden-sizes\":\"[510,510]\",\"seed\":\"42\"}"),
                trial("bbbbbbbb02", "{\"model.activation\":\"tanh\",\"seed\":\"43\"}"));

        Map<String, List<TrialRow>> settings = ReportFigures.bySetting(trials);

        assertEquals(List.of("base", "activation=tanh", "hidden-sizes=[510,510]"), List.copyOf(settings.keySet()));
        assertEquals(List.of("aaaaaaaa01", "aaaaaaaa02"), settings.get("base").stream().map(TrialRow::id).toList());
        assertEquals(List.of("bbbbbbbb01", "bbbbbbbb02"),
                settings.get("activation=tanh").stream().map(TrialRow::id).toList());
    }

    @Test
    void withoutSeedsEveryTrialIsItsOwnSetting() {
        List<TrialRow> trials = List.of(trial("a1", "{\"ff.threshold\":\"1\",\"ff.margin\":\"0\"}"),
                trial("a2", "{\"ff.threshold\":\"1\",\"ff.margin\":\"1\"}"));

        assertEquals(List.of("threshold=1 margin=0", "threshold=1 margin=1"),
                List.copyOf(ReportFigures.bySetting(trials).keySet()));
    }

    @Test
    void curvesOfSeededSettingsDrawAsOnePngEachTrialIncluded() {
        List<TrialRow> trials = new ArrayList<>();
        Map<String, List<EvalPoint>> evals = new LinkedHashMap<>();
        for (int seed = 42; seed < 45; seed++) {
            for (String act : List.of("elu", "tanh", "gelu")) {
                String id = act + seed;
                trials.add(trial(id, "{\"model.activation\":\"" + act + "\",\"seed\":\"" + seed + "\"}"));
                evals.put(id, List.of(new EvalPoint(100, null, 0.1, true), new EvalPoint(200, null, 0.5 + seed / 1000.0,
                        false)));
            }
        }

        Figure f = ReportFigures.accuracyCurves(trials, evals, "40-accuracy-vs-step.png");

        assertTrue(f.caption().contains("one colour per setting"), f.caption());
        assertEquals((byte) 0x89, f.png()[0]);
        assertEquals('P', f.png()[1]);
        assertTrue(f.png().length > 10_000, "a drawn chart, not an empty image: " + f.png().length + " bytes");
    }
}
