package org.ffsweep.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report in headless Chromium (its own command line, no driver library): no console
 * message at all (the page logs one for a figure that did not render or is blank, and Chromium
 * logs script errors), every figure drawn, and a screenshot saved under
 * {@code target/report-browser-it/}. Without Chromium the test is skipped, except under
 * {@code CI=true}, where it fails ({@code .ci/run} installs Chromium).
 */
class ReportBrowserIT {
    private static final Path OUT = Path.of("target", "report-browser-it");
    private static final Pattern RENDERED = Pattern.compile("data-figures-rendered=\"(\\d+)\"");

    @TempDir
    Path dir;

    @Test
    void reportOpensInChromiumWithEveryFigureDrawnAndNoConsoleMessage() throws Exception {
        String chromium = chromium();
        Path results = dir.resolve("grid");
        SyntheticResults.grid(dir, results, 60);
        Files.createDirectories(OUT);
        Path page = OUT.resolve("report.html").toAbsolutePath();
        Report.Written w = Report.write(results.toString(), page, new Configuration());
        assertTrue(w.figureCount() >= 4, "at least four figures: " + w.figureCount());

        Run dom = chromium(chromium, "--dump-dom", page);
        assertEquals(0, dom.code, dom.err);
        List<String> console = dom.err.lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "console messages");
        Matcher m = RENDERED.matcher(dom.out);
        assertTrue(m.find(), "the page's load script ran: " + dom.out.substring(0, Math.min(300, dom.out.length())));
        assertEquals(w.figureCount(), Integer.parseInt(m.group(1)), "figures drawn (not blank) in the browser");
        assertTrue(dom.out.contains("Every trial: configuration and provenance"));

        Path shot = OUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Run s = chromium(chromium, "--screenshot=" + shot, page);
        assertEquals(0, s.code, s.err);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 1000, img.getWidth() + "x" + img.getHeight());
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y);
                if (((rgb >> 16) & 0xff) < 200 || ((rgb >> 8) & 0xff) < 200 || (rgb & 0xff) < 200) {
                    ink++;
                }
            }
        }
        assertTrue(ink > img.getWidth() * img.getHeight() / 4 / 100, "the screenshot is not blank: " + ink);
    }

    private record Run(int code, String out, String err) {}

    private Run chromium(String binary, String action, Path page) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("chromium-profile"), "--enable-logging=stderr",
                "--v=0", "--hide-scrollbars", "--window-size=1400,2400", "--virtual-time-budget=10000", action,
                page.toUri().toString()));
        File out = dir.resolve("chromium.out").toFile();
        File err = dir.resolve("chromium.err").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 180 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }

    /** The Chromium binary: {@code -Dffsweep.chromium}, else the first of the usual names on the PATH. */
    private static String chromium() {
        String given = System.getProperty("ffsweep.chromium", "");
        if (!given.isBlank()) {
            return given;
        }
        for (String name : List.of("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, name))) {
                    return Path.of(d, name).toString();
                }
            }
        }
        String why = "no Chromium on the PATH (Debian: apt-get install chromium; or -Dffsweep.chromium=BINARY)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + "; under CI=true the browser test must run");
        }
        Assumptions.abort(why);
        return null;
    }
}
