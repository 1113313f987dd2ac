package org.ffsweep.sweep.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.ffsweep.sweep.output.ResultFolderException;


/**
 * Writes the report of a results folder: one HTML page and, in a folder beside it named like the
 * page ({@code report.html} and {@code report/}), a PNG file of each figure. Reads the folder
 * without its lock ({@link ResultsReader}); writes each file aside and renames it into place, so
 * a browser that reloads the page during a sweep never sees half a page. Driver only.
 */
public final class Report {
    /** What a report holds. */
    public record Written(Path html, Path figures, int trials, int figureCount, double seconds, double readSeconds) {}

    private Report() {}

    /** The page's default path for the results folder {@code dir}: {@code dir/report.html}. */
    public static Path defaultPage(String dir) {
        return Path.of(dir).resolve("report.html");
    }

    /**
     * Reads the results folder {@code dir} (local path or Hadoop URI) and writes the report to
     * {@code html} and its figures to the folder beside it. Refuses a page inside one of the
     * folder's tables.
     */
    public static Written write(String dir, Path html, Configuration conf) throws ResultFolderException {
        long t0 = System.nanoTime();
        Path page = html.toAbsolutePath().normalize();
        Path root = Path.of(dir).toAbsolutePath().normalize();
        for (String t : List.of("trials", "epochs", "evaluations", "_tmp")) {
            if (page.startsWith(root.resolve(t))) {
                throw new ResultFolderException("the report page " + html + " would be inside the results table "
                        + root.resolve(t) + ": give --html a path outside it");
            }
        }
        if (Files.isDirectory(page)) {
            throw new ResultFolderException("the report page " + html + " is a folder: give --html a file name");
        }
        System.setProperty("java.awt.headless", "true");
        ResultsSnapshot snap = ResultsReader.read(dir, conf);
        double read = (System.nanoTime() - t0) / 1e9;
        boolean validation = snap.trials().stream().anyMatch(TrialRow::byValidation);
        String metric = validation ? "validation accuracy" : "test accuracy";
        List<Figure> figures = figures(snap, metric);
        String name = page.getFileName().toString();
        Path figDir = page.resolveSibling(name.endsWith(".html") ? name.substring(0, name.length() - 5)
                : name + "-figures");
        try {
            Files.createDirectories(figDir);
            for (Figure f : figures) {
                replace(figDir.resolve(f.file()), f.png());
            }
            removeStale(figDir, figures.stream().map(Figure::file).collect(java.util.stream.Collectors.toSet()));
            replace(page, ReportPage.html(dir, snap, figures, metric).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ResultFolderException("cannot write the report " + page + ": " + e.getMessage(), e);
        }
        return new Written(page, figDir, snap.trials().size(), figures.size(), (System.nanoTime() - t0) / 1e9, read);
    }

    static List<Figure> figures(ResultsSnapshot snap, String metric) {
        List<TrialRow> trials = snap.trials();
        List<Supplier<List<Figure>>> jobs = new ArrayList<>();
        if (trials.isEmpty()) {
            return List.of();
        }
        jobs.add(() -> List.of(ReportFigures.statuses(trials, "01-status.png")));
        jobs.add(() -> List.of(ReportFigures.timePerTrial(trials, "02-time.png")));
        jobs.add(() -> List.of(ReportFigures.deviceUse(trials, "03-devices.png")));
        List<TrialRow> scored = trials.stream().filter(t -> t.score() != null).toList();
        List<String> axes = AxisFigures.axes(scored);
        int n = 10;
        for (String axis : axes) {
            // one line per value of the first other axis that some trial sets together with this one
            // (a one-at-a-time sweep's axes never meet: then one line)
            String second = axes.stream().filter(a -> !a.equals(axis) && AxisFigures.meet(scored, axis, a))
                    .findFirst().orElse(null);
            String file = n++ + "-axis-" + slug(axis) + ".png";
            jobs.add(() -> List.of(AxisFigures.accuracyAgainst(trials, axis, second, metric, file)));
        }
        List<String> pair = AxisFigures.firstMeetingPair(scored, axes);
        if (pair != null) {
            String file = n + "-heatmap.png";
            jobs.add(() -> List.of(AxisFigures.heatMap(trials, pair.get(0), pair.get(1), metric, file)));
        }
        if (snap.evaluations().values().stream().anyMatch(e -> e.stream().anyMatch(p -> p.testAccuracy() != null))) {
            jobs.add(() -> List.of(ReportFigures.accuracyCurves(trials, snap.evaluations(), "40-accuracy-vs-step.png")));
        }
        int k = 50;
        for (Map.Entry<TrialRow, String> e : curveTrials(trials).entrySet()) {
            TrialRow t = e.getKey();
            List<ResultsSnapshot.LayerStep> steps = snap.layers().getOrDefault(t.id(), List.of());
            if (steps.stream().noneMatch(p -> p.loss() != null && Double.isFinite(p.loss()))) {
                continue; // nothing recorded to draw
            }
            String prefix = k++ + "-layers-" + t.id().substring(0, Math.min(8, t.id().length()));
            jobs.add(() -> ReportFigures.layerCurves(t, steps, e.getValue(), prefix));
        }
        // drawn in parallel (each chart is its own object); the list keeps the order above
        return jobs.parallelStream().flatMap(j -> j.get().stream()).toList();
    }

    /** The best trial, a median one (among completed, uncollapsed trials) and every collapsed trial, with why. */
    static Map<TrialRow, String> curveTrials(List<TrialRow> trials) {
        Map<TrialRow, String> chosen = new LinkedHashMap<>();
        List<TrialRow> ranked = new ArrayList<>(trials.stream().filter(t -> t.score() != null).toList());
        ranked.sort(Comparator.comparing(TrialRow::score).reversed());
        if (!ranked.isEmpty()) {
            chosen.put(ranked.get(0), "the best trial");
        }
        List<TrialRow> healthy = ranked.stream().filter(t -> t.shownStatus().equals("completed")).toList();
        if (!healthy.isEmpty()) {
            chosen.putIfAbsent(healthy.get(healthy.size() / 2), "a median trial");
        }
        trials.stream().filter(t -> t.shownStatus().equals("collapsed")).forEach(t -> chosen.putIfAbsent(t,
                "a collapsed trial"));
        return chosen;
    }

    private static String slug(String axis) {
        return axis.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** Writes {@code text} aside and renames it over {@code file}. */
    private static void replace(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes figures of an earlier report that this one no longer has (only the report's own numbered *.png). */
    private static void removeStale(Path figDir, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(figDir, "[0-9]*-*.png")) {
            for (Path p : ds) {
                if (!keep.contains(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
    }

}
