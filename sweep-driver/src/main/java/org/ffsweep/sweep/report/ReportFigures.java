package org.ffsweep.sweep.report;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ffsweep.sweep.report.ResultsSnapshot.EvalPoint;
import org.ffsweep.sweep.report.ResultsSnapshot.LayerStep;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The summary and training-curve figures of a report: trials by status, time per trial, device
 * use, test accuracy against step for every trial, and per-layer loss and goodness against step
 * for chosen trials. The sweep-axis figures are in {@link AxisFigures}.
 */
final class ReportFigures {
    /** The status order of the summary (collapsed: completed, but every test image got one label). */
    static final List<String> STATUSES = List.of("completed", "collapsed", "diverged", "stopped", "failed");
    /** Points per curve at most: longer curves are thinned evenly (first and last kept). */
    static final int MAX_POINTS = 400;

    private ReportFigures() {}

    static Figure statuses(List<TrialRow> trials, String file) {
        Map<String, Integer> n = new LinkedHashMap<>();
        STATUSES.forEach(s -> n.put(s, 0));
        trials.forEach(t -> n.merge(t.shownStatus(), 1, Integer::sum));
        CategoryChart c = Charts.bars("Trials by status", "status", "trials");
        c.getStyler().setLegendVisible(false);
        c.addSeries("trials", new ArrayList<>(n.keySet()), new ArrayList<>(n.values()));
        return new Figure(file, "summary", "Trials by status (" + trials.size() + " finished).", Png.of(c));
    }

    static Figure timePerTrial(List<TrialRow> trials, String file) {
        List<TrialRow> byStart = new ArrayList<>(trials);
        byStart.sort(Comparator.comparing(t -> String.valueOf(t.values().get("started_at"))));
        List<String> ids = byStart.stream().map(t -> t.id().substring(0, Math.min(8, t.id().length()))).toList();
        CategoryChart c = Charts.bars("Time per trial", "trial (by start time)", "seconds");
        c.getStyler().setStacked(true);
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setXAxisTicksVisible(byStart.size() <= 60);
        for (String phase : List.of("data", "setup", "train", "eval")) {
            c.addSeries(phase, ids, byStart.stream().map(t -> orZero(t.number("seconds_" + phase))).toList());
        }
        c.addSeries("other (task)", ids, byStart.stream().map(t -> Math.max(0, orZero(t.number("seconds_task"))
                - orZero(t.number("seconds_data")) - orZero(t.number("seconds_setup"))
                - orZero(t.number("seconds_train")) - orZero(t.number("seconds_eval")))).toList());
        return new Figure(file, "summary", "Seconds per trial by phase, trials in the order they started; 'other' is"
                + " the rest of the Spark task.", Png.of(c));
    }

    static Figure deviceUse(List<TrialRow> trials, String file) {
        Map<String, Double> seconds = new TreeMap<>();
        for (TrialRow t : trials) {
            String where = (t.text("device") == null ? "no device" : t.text("device")) + " on executor "
                    + t.text("executor_id") + " (" + t.text("host") + ")";
            seconds.merge(where, orZero(t.number("seconds_task")), Double::sum);
        }
        CategoryChart c = Charts.bars("Device use", "device and executor", "trial seconds");
        c.getStyler().setLegendVisible(false);
        c.addSeries("seconds", new ArrayList<>(seconds.keySet()), new ArrayList<>(seconds.values()));
        return new Figure(file, "summary", "Seconds of trials per device and executor.", Png.of(c));
    }

    /**
     * Test accuracy against step, one line per trial. When the sweep repeats settings with several
     * seeds, the seeds of a setting share a colour and one legend entry, so that the spread across
     * seeds reads apart from the difference between settings.
     */
    static Figure accuracyCurves(List<TrialRow> trials, Map<String, List<EvalPoint>> evals, String file) {
        XYChart c = Charts.lines("Test accuracy against step, every trial", "step", "test accuracy (%)");
        Map<String, List<TrialRow>> settings = bySetting(trials);
        boolean seeds = settings.size() < trials.size();
        int colour = 0;
        int legend = 0;
        for (Map.Entry<String, List<TrialRow>> setting : settings.entrySet()) {
            boolean first = true;
            for (TrialRow t : setting.getValue()) {
                List<EvalPoint> pts = thin(evals.getOrDefault(t.id(), List.of()).stream()
                        .filter(e -> e.testAccuracy() != null).toList());
                if (pts.isEmpty()) {
                    continue;
                }
                int n = setting.getValue().size();
                String name = !seeds ? t.label() : first ? setting.getKey() + " (" + n + (n == 1 ? " seed)" : " seeds)")
                        : t.label();
                XYSeries s = c.addSeries(name, pts.stream().map(EvalPoint::step).toList(),
                        pts.stream().map(e -> 100 * e.testAccuracy()).toList());
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineColor(Charts.color(colour));
                s.setMarkerColor(Charts.color(colour));
                s.setShowInLegend(!seeds || first);
                legend += !seeds || first ? 1 : 0;
                first = false;
                colour += seeds ? 0 : 1;
            }
            colour += seeds ? 1 : 0;
        }
        Charts.legendIfFew(c.getStyler(), legend);
        return new Figure(file, "curves", "Test accuracy at each evaluation, one line per trial" + (seeds
                ? ", one colour per setting (its seeds share it)" : "") + ": where the curves flatten is where more"
                + " steps stop paying.", Png.of(c));
    }

    /**
     * The trials grouped by setting: the values they took on the sweep's axes other than
     * {@code seed} (as {@code activation=tanh}; {@code base} for a trial on no axis but the seed),
     * settings in the order their first trial comes, trials in their order.
     */
    static Map<String, List<TrialRow>> bySetting(List<TrialRow> trials) {
        Map<String, List<TrialRow>> settings = new LinkedHashMap<>();
        for (TrialRow t : trials) {
            StringBuilder b = new StringBuilder();
            t.axes().forEach((k, v) -> {
                if (!k.equals("seed")) {
                    b.append(b.isEmpty() ? "" : " ").append(TrialRow.shortKey(k)).append('=').append(AxisValue.text(v));
                }
            });
            settings.computeIfAbsent(b.isEmpty() ? "base" : b.toString(), k -> new ArrayList<>()).add(t);
        }
        return settings;
    }

    /**
     * Two figures for one trial: the loss of each layer, and the mean goodness of positives
     * (solid) and of negatives (dashed) of each layer, against step.
     */
    static List<Figure> layerCurves(TrialRow t, List<LayerStep> steps, String why, String filePrefix) {
        Map<Integer, List<LayerStep>> byLayer = new TreeMap<>();
        steps.forEach(s -> byLayer.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s));
        XYChart loss = Charts.lines("Loss per layer: " + why, "step", "loss");
        XYChart good = Charts.lines("Goodness per layer: " + why, "step", "mean goodness");
        for (Map.Entry<Integer, List<LayerStep>> e : byLayer.entrySet()) {
            List<LayerStep> pts = thin(e.getValue());
            int layer = e.getKey();
            add(loss, "layer " + layer, pts, LayerStep::loss, layer, false);
            add(good, "layer " + layer + " pos", pts, LayerStep::goodnessPos, layer, false);
            add(good, "layer " + layer + " neg", pts, LayerStep::goodnessNeg, layer, true);
        }
        String who = t.label() + " (" + t.shownStatus() + ", test " + percent(t.number("test_accuracy")) + ")";
        return List.of(new Figure(filePrefix + "-loss.png", "layers", "Loss of each layer against step, " + why
                        + ": " + who + ".", Png.of(loss)),
                new Figure(filePrefix + "-goodness.png", "layers", "Mean goodness of positive (solid) and negative"
                        + " (dashed) data per layer, " + why + ": " + who + ". Where the two lines of a layer part,"
                        + " that layer has started to separate them.", Png.of(good)));
    }

    private static void add(XYChart c, String name, List<LayerStep> pts, java.util.function.Function<LayerStep,
            Double> y, int layer, boolean dashed) {
        List<LayerStep> valid = pts.stream().filter(p -> y.apply(p) != null && Double.isFinite(y.apply(p))).toList();
        if (valid.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, valid.stream().map(LayerStep::step).toList(), valid.stream().map(y).toList());
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(Charts.color(layer - 1));
        if (dashed) {
            s.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        }
    }

    /** At most {@link #MAX_POINTS} evenly spaced items, the first and last included. */
    static <T> List<T> thin(List<T> all) {
        if (all.size() <= MAX_POINTS) {
            return all;
        }
        List<T> out = new ArrayList<>(MAX_POINTS);
        for (int i = 0; i < MAX_POINTS; i++) {
            out.add(all.get((int) ((long) i * (all.size() - 1) / (MAX_POINTS - 1))));
        }
        return out;
    }

    static String percent(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    /** Values of {@code axis} over the trials, in axis order, without repeats. */
    static List<JsonElement> values(List<TrialRow> trials, String axis) {
        List<JsonElement> vs = new ArrayList<>();
        for (TrialRow t : trials) {
            JsonElement v = t.axes().get(axis);
            if (v != null && vs.stream().noneMatch(v::equals)) {
                vs.add(v);
            }
        }
        vs.sort(AxisValue.ORDER);
        return vs;
    }
}
