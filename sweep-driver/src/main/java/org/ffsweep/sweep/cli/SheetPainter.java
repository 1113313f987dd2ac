package org.ffsweep.sweep.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.ffsweep.core.examples.ExampleImage;
import org.ffsweep.core.examples.ExampleSheet;
import org.ffsweep.core.train.DeviceImages;

/**
 * Draws an {@link ExampleSheet} as a PNG with Java2D (headless: no display needed): a title,
 * a heading per column, and a grid of enlarged pictures with a caption under each.
 */
final class SheetPainter {
    /** Screen pixels per image pixel. */
    static final int SCALE = 5;
    static final int MARGIN = 16;
    static final int GAP = 14;
    private static final float BLACK = DeviceImages.normalised(0);
    private static final float WHITE = DeviceImages.normalised(255);
    private static final Color OUTLINE = new Color(230, 80, 20);

    private final Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private final Font headFont = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    private final Font captionFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /** Writes {@code sheet} to {@code file} as PNG. */
    void write(ExampleSheet sheet, Path file) throws IOException {
        if (!ImageIO.write(paint(sheet), "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java installation");
        }
    }

    BufferedImage paint(ExampleSheet sheet) {
        int cols = sheet.columns().size();
        int cellW = 0;
        int imgH = 0;
        for (List<ExampleImage> row : sheet.rows()) {
            for (ExampleImage im : row) {
                cellW = Math.max(cellW, im.width() * SCALE);
                imgH = Math.max(imgH, im.height() * SCALE);
            }
        }
        cellW = Math.max(cellW, 150);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        int width = 2 * MARGIN + cols * cellW + (cols - 1) * GAP;
        List<String> title = wrap(sheet.title(), pg.getFontMetrics(titleFont), width - 2 * MARGIN);
        List<List<String>> heads = new ArrayList<>();
        int headLines = 1;
        for (String c : sheet.columns()) {
            List<String> lines = wrap(c, pg.getFontMetrics(headFont), cellW);
            heads.add(lines);
            headLines = Math.max(headLines, lines.size());
        }
        FontMetrics tm = pg.getFontMetrics(titleFont);
        FontMetrics hm = pg.getFontMetrics(headFont);
        FontMetrics cm = pg.getFontMetrics(captionFont);
        pg.dispose();
        int titleH = title.size() * tm.getHeight();
        int headH = headLines * hm.getHeight();
        int rowH = imgH + 4 + cm.getHeight() + GAP;
        int height = MARGIN + titleH + GAP + headH + 6 + sheet.rows().size() * rowH + MARGIN - GAP;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            int y = MARGIN + tm.getAscent();
            for (String line : title) {
                g.drawString(line, MARGIN, y);
                y += tm.getHeight();
            }
            int top = MARGIN + titleH + GAP;
            g.setFont(headFont);
            for (int c = 0; c < cols; c++) {
                int hy = top + hm.getAscent();
                for (String line : heads.get(c)) {
                    g.drawString(line, x(c, cellW) + (cellW - hm.stringWidth(line)) / 2, hy);
                    hy += hm.getHeight();
                }
            }
            int rowTop = top + headH + 6;
            g.setFont(captionFont);
            for (List<ExampleImage> row : sheet.rows()) {
                for (int c = 0; c < cols; c++) {
                    ExampleImage im = row.get(c);
                    int ix = x(c, cellW) + (cellW - im.width() * SCALE) / 2;
                    draw(g, im, ix, rowTop);
                    g.setColor(Color.BLACK);
                    String cap = im.caption();
                    g.drawString(cap, x(c, cellW) + (cellW - cm.stringWidth(cap)) / 2,
                            rowTop + imgH + 4 + cm.getAscent());
                }
                rowTop += rowH;
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int x(int column, int cellW) {
        return MARGIN + column * (cellW + GAP);
    }

    private static void draw(Graphics2D g, ExampleImage im, int x0, int y0) {
        float lo;
        float hi;
        switch (im.shade()) {
            case NORMALISED -> {
                lo = BLACK;
                hi = WHITE;
            }
            case UNIT -> {
                lo = 0f;
                hi = 1f;
            }
            case STRETCHED -> {
                lo = Float.POSITIVE_INFINITY;
                hi = Float.NEGATIVE_INFINITY;
                for (float v : im.values()) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            default -> throw new IllegalStateException("unknown shade " + im.shade());
        }
        for (int r = 0; r < im.height(); r++) {
            for (int c = 0; c < im.width(); c++) {
                g.setColor(grey(im.values()[r * im.width() + c], lo, hi));
                g.fillRect(x0 + c * SCALE, y0 + r * SCALE, SCALE, SCALE);
            }
        }
        if (im.overlay() > 0) {
            g.setColor(OUTLINE);
            g.setStroke(new BasicStroke(1f));
            int n = im.overlay();
            g.drawRect(x0 - 1, y0 - 1, (n % im.width() == 0 ? im.width() : n) * SCALE + 1,
                    ((n + im.width() - 1) / im.width()) * SCALE + 1);
        }
    }

    /** The grey of {@code v} on a scale from {@code lo} (black) to {@code hi} (white). */
    static Color grey(float v, float lo, float hi) {
        float t = hi > lo ? (v - lo) / (hi - lo) : 0.5f;
        int level = Math.round(255 * Math.max(0f, Math.min(1f, t)));
        return new Color(level, level, level);
    }

    /** {@code text} in lines no wider than {@code width}, broken at spaces. */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) > width && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
