package org.ffsweep.sweep.report;

import com.google.gson.JsonElement;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures over the sweep's axes (the keys of {@code axis_values} that take two values or more):
 * the accuracy against each axis, one line per value of a second axis, with the spread over
 * repeats and the other axes; and a heat map of the first two axes that some trial sets together.
 */
final class AxisFigures {
    private AxisFigures() {}

    /** The swept axes: keys of {@code axis_values} with at least two values, in first-seen order. */
    static List<String> axes(List<TrialRow> trials) {
        Set<String> keys = new LinkedHashSet<>();
        trials.forEach(t -> keys.addAll(t.axes().keySet()));
        return keys.stream().filter(k -> ReportFigures.values(trials, k).size() > 1).toList();
    }

    /** Whether some trial sets both axes (in a one-at-a-time sweep no trial does). */
    static boolean meet(List<TrialRow> trials, String a, String b) {
        return trials.stream().anyMatch(t -> t.axes().containsKey(a) && t.axes().containsKey(b));
    }

    /** The first two axes, in order, that some trial sets together; null when no two do (no heat map). */
    static List<String> firstMeetingPair(List<TrialRow> trials, List<String> axes) {
        for (int i = 0; i < axes.size(); i++) {
            for (int j = i + 1; j < axes.size(); j++) {
                if (meet(trials, axes.get(i), axes.get(j))) {
                    return List.of(axes.get(i), axes.get(j));
                }
            }
        }
        return null;
    }

    /**
     * Mean accuracy (%) of the scored trials at each value of {@code axis}, one line per value of
     * {@code second} (or one line when null), error bars one standard deviation.
     */
    static Figure accuracyAgainst(List<TrialRow> trials, String axis, String second, String metric, String file) {
        List<TrialRow> scored = trials.stream().filter(t -> t.score() != null).toList();
        List<JsonElement> xs = ReportFigures.values(scored, axis);
        boolean toScale = AxisValue.allNumbers(xs);
        // categories at 1, 2, 3, ... named by their value (on the ticks, and in the axis title)
        String xTitle = toScale ? axis : axis + " (" + String.join(", ", java.util.stream.IntStream.range(0, xs.size())
                .mapToObj(i -> (i + 1) + " = " + AxisValue.text(xs.get(i))).toList()) + ")";
        XYChart c = Charts.lines(metric + " against " + axis, xTitle, metric + " (%)");
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setYAxisDecimalPattern("#,##0.##"); // percent; with two points the ticks are the values
        if (!toScale) {
            c.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
                long i = Math.round(x);
                return Math.abs(x - i) < 1e-6 && i >= 1 && i <= xs.size() ? AxisValue.text(xs.get((int) i - 1)) : "";
            });
            c.getStyler().setXAxisMin(0.5);
            c.getStyler().setXAxisMax(xs.size() + 0.5);
        }
        List<JsonElement> lines = second == null ? java.util.Collections.singletonList(null)
                : ReportFigures.values(scored, second);
        int n = 0;
        for (JsonElement line : lines) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                JsonElement v = xs.get(i);
                double[] acc = scored.stream().filter(t -> v.equals(t.axes().get(axis))
                        && (line == null || line.equals(t.axes().get(second)))).mapToDouble(t -> 100 * t.score())
                        .toArray();
                if (acc.length == 0) {
                    continue;
                }
                double mean = java.util.Arrays.stream(acc).average().orElseThrow();
                double var = java.util.Arrays.stream(acc).map(a -> (a - mean) * (a - mean)).sum()
                        / Math.max(1, acc.length - 1);
                x.add(toScale ? v.getAsDouble() : i + 1);
                y.add(mean);
                err.add(Math.sqrt(var));
            }
            if (x.isEmpty()) {
                continue;
            }
            String name = line == null ? "all trials" : TrialRow.shortKey(second) + " = " + AxisValue.text(line);
            XYSeries s = c.addSeries(name, x, y, err);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(Charts.color(n));
            s.setMarkerColor(Charts.color(n++));
        }
        Charts.legendIfFew(c.getStyler(), n);
        String caption = String.format(Locale.ROOT, "Mean %s against %s%s; bars: one standard deviation over the"
                + " trials at that point (repeats, seeds%s).", metric, axis,
                second == null ? "" : ", one line per value of " + second,
                second == null ? " and every other axis" : " and any other axis");
        return new Figure(file, "axes", caption, Png.of(c));
    }

    /** Mean accuracy (%) over the grid of {@code xAxis} by {@code yAxis}. */
    static Figure heatMap(List<TrialRow> trials, String xAxis, String yAxis, String metric, String file) {
        List<TrialRow> scored = trials.stream().filter(t -> t.score() != null).toList();
        List<JsonElement> xs = ReportFigures.values(scored, xAxis);
        List<JsonElement> ys = ReportFigures.values(scored, yAxis);
        List<Number[]> cells = new ArrayList<>();
        double min = 100;
        double max = 0;
        for (int i = 0; i < xs.size(); i++) {
            for (int j = 0; j < ys.size(); j++) {
                JsonElement xv = xs.get(i);
                JsonElement yv = ys.get(j);
                double mean = scored.stream().filter(t -> xv.equals(t.axes().get(xAxis))
                        && yv.equals(t.axes().get(yAxis))).mapToDouble(t -> 100 * t.score()).average().orElse(Double.NaN);
                if (!Double.isNaN(mean)) {
                    cells.add(new Number[] {i, j, mean});
                    min = Math.min(min, mean);
                    max = Math.max(max, mean);
                }
            }
        }
        HeatMapChart c = new HeatMapChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title(metric + " (%): " + xAxis + " x " + yAxis).xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setShowValue(true);
        c.getStyler().setHeatMapValueDecimalPattern("0.0");
        c.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
        c.getStyler().setMin(Math.floor(min));
        c.getStyler().setMax(Math.max(Math.ceil(max), Math.floor(min) + 1));
        c.getStyler().setValueFontColor(new Color(0xd62728));
        c.addSeries(metric, xs.stream().map(AxisValue::text).toList(), ys.stream().map(AxisValue::text).toList(), cells);
        return new Figure(file, "axes", "Mean " + metric + " over the " + xAxis + " x " + yAxis + " grid (mean over"
                + " repeats and any other axis); empty cells have no finished trial.", Png.of(c));
    }
}
