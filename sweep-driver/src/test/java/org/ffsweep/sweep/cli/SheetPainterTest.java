package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.ffsweep.core.examples.ExampleImage;
import org.ffsweep.core.examples.ExampleImage.Shade;
import org.ffsweep.core.examples.ExampleSheet;
import org.ffsweep.core.train.DeviceImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG drawing of a sheet: grey levels, layout, captions; headless. */
class SheetPainterTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static ExampleImage filled(float value, Shade shade, String caption) {
        float[] v = new float[4 * 4];
        Arrays.fill(v, value);
        return new ExampleImage(caption, v, 4, 4, shade, 0);
    }

    private static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        assertEquals(r, rgb & 0xff, "grey: red = blue at " + x + "," + y);
        return r;
    }

    @Test
    void picturesAreShadedAndPlacedInTheirCells() throws Exception {
        ExampleSheet sheet = new ExampleSheet("t.png", "a title", List.of("white", "black", "mask"),
                List.of(List.of(filled(DeviceImages.normalised(255), Shade.NORMALISED, "255"),
                                filled(DeviceImages.normalised(0), Shade.NORMALISED, "0"),
                                filled(1f, Shade.UNIT, "ones")),
                        List.of(filled(DeviceImages.normalised(128), Shade.NORMALISED, "128"),
                                filled(0f, Shade.UNIT, "zeros"),
                                filled(0.3f, Shade.STRETCHED, "flat"))));
        Path file = tmp.resolve("t.png");
        new SheetPainter().write(sheet, file);
        BufferedImage img = ImageIO.read(file.toFile());
        BufferedImage painted = new SheetPainter().paint(sheet);
        assertEquals(painted.getWidth(), img.getWidth());
        assertEquals(painted.getHeight(), img.getHeight());
        int cellW = 150;
        int x0 = SheetPainter.MARGIN + (cellW - 4 * SheetPainter.SCALE) / 2 + 2; // inside the first picture
        int step = cellW + SheetPainter.GAP;
        assertEquals(2 * SheetPainter.MARGIN + 3 * cellW + 2 * SheetPainter.GAP, img.getWidth());
        // find the first picture's top: scan down the first column for white
        int y = 0;
        while (grey(img, x0, y) != 255 || grey(img, x0 + step, y) != 0) {
            y++;
        }
        assertEquals(255, grey(img, x0 + 2 * step, y), "a mask's ones are white");
        int y1 = y + 4 * SheetPainter.SCALE + 40; // well inside the second row
        while (grey(img, x0 + step, y1) != 0) {
            y1++;
        }
        assertEquals(128, grey(img, x0, y1), 1, "pixel 128 is mid grey");
        assertEquals(127, grey(img, x0 + 2 * step, y1), 1, "a flat picture stretched: mid grey");
        assertTrue(img.getHeight() > 2 * 4 * SheetPainter.SCALE + 60);
    }

    @Test
    void longTextIsWrappedAtSpaces() {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        var fm = one.createGraphics().getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        List<String> lines = SheetPainter.wrap("one two three four five six seven eight nine ten", fm, 60);
        assertTrue(lines.size() > 2, lines.toString());
        assertEquals("one two three four five six seven eight nine ten", String.join(" ", lines));
        for (String l : lines) {
            assertTrue(fm.stringWidth(l) <= 60 || !l.contains(" "), l);
        }
    }

    @Test
    void overlayValuesAreOutlined() {
        float[] v = new float[28 * 28];
        Arrays.fill(v, DeviceImages.normalised(0));
        ExampleImage im = new ExampleImage("x", v, 28, 28, Shade.NORMALISED, 10);
        BufferedImage img = new SheetPainter().paint(new ExampleSheet("o.png", "t", List.of("c"), List.of(List.of(im))));
        boolean coloured = false;
        for (int x = 0; x < img.getWidth() && !coloured; x++) {
            for (int y = 0; y < img.getHeight() && !coloured; y++) {
                int rgb = img.getRGB(x, y);
                coloured = ((rgb >> 16) & 0xff) > 200 && (rgb & 0xff) < 60;
            }
        }
        assertTrue(coloured, "an orange outline around the overlay");
    }
}
