package org.ffsweep.sweep.report;

import java.awt.Color;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** The report's chart styles: one place for sizes, colours and legends. */
final class Charts {
    static final int WIDTH = 720;
    static final int HEIGHT = 420;
    /** Legends with more series than this are hidden (the table below names the trials). */
    static final int MAX_LEGEND = 14;
    /** A colour per layer or per line (Tableau 10, readable on white). */
    static final List<Color> PALETTE = List.of(new Color(0x4e79a7), new Color(0xf28e2b), new Color(0xe15759),
            new Color(0x76b7b2), new Color(0x59a14f), new Color(0xedc948), new Color(0xb07aa1), new Color(0xff9da7),
            new Color(0x9c755f), new Color(0xbab0ac));

    private Charts() {}

    static Color color(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    static XYChart lines(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(4);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xe0e0e0));
        return c;
    }

    static CategoryChart bars(String title, String x, String y) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x)
                .yAxisTitle(y).build();
        c.getStyler().setYAxisDecimalPattern("#,##0.#");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xe0e0e0));
        return c;
    }

    /** Hides the legend of a chart with too many series to read one. */
    static void legendIfFew(Styler s, int series) {
        s.setLegendVisible(series <= MAX_LEGEND);
    }
}
