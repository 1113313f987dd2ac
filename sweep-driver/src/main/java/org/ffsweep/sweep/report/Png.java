package org.ffsweep.sweep.report;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart as a PNG drawn at twice its size (sharp on high-density screens and when
 * zoomed). PNG, not SVG: XChart draws text as glyph outlines, which made a 42-trial report's
 * SVG figures 12 MB; the PNGs of the same figures are a fraction of that.
 */
final class Png {
    static final int SCALE = 2;

    private Png() {}

    static byte[] of(Chart<?, ?> chart) {
        BufferedImage img = new BufferedImage(chart.getWidth() * SCALE, chart.getHeight() * SCALE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.scale(SCALE, SCALE);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
