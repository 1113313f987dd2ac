package org.ffsweep.sweep.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report as one self-contained HTML page: the figures inlined as PNG data, tables of the best
 * trials, of failures and of every trial's configuration and provenance (sortable by any column
 * with a click on its header). No network, no external file: it opens from disk anywhere.
 */
final class ReportPage {
    /** Rows of the best-trials table. */
    static final int BEST = 10;
    private static final Map<String, String> SECTIONS = Map.of("summary", "Summary", "axes", "Sweep axes",
            "curves", "Accuracy during training", "layers", "Training curves per layer");
    private static final List<String> ORDER = List.of("summary", "axes", "curves", "layers");
    /** Columns shown first in the trials table; the others follow in file order. */
    private static final List<String> FIRST = List.of("status", "test_accuracy", "train_accuracy", "axis_values",
            "seconds_task", "steps", "device", "executor_id", "host");

    private ReportPage() {}

    static String html(String folder, ResultsSnapshot snap, List<Figure> figures, String metric) {
        StringBuilder b = new StringBuilder(1 << 16);
        List<TrialRow> trials = snap.trials();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ffsweep report: ")
                .append(esc(folder)).append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n")
                .append("<h1>ffsweep report</h1>\n<p class=\"meta\">").append(esc(folder)).append(" &middot; ")
                .append(trials.size()).append(" finished trials &middot; written ").append(Instant.now())
                .append(" &middot; ranked by ").append(esc(metric)).append("</p>\n");
        for (String note : snap.notes()) {
            b.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        for (String section : ORDER) {
            List<Figure> fs = figures.stream().filter(f -> f.section().equals(section)).toList();
            if (fs.isEmpty() && !section.equals("summary")) {
                continue;
            }
            b.append("<section id=\"").append(section).append("\"><h2>").append(SECTIONS.get(section))
                    .append("</h2>\n");
            if (section.equals("summary")) {
                best(b, trials, metric);
            }
            for (Figure f : fs) {
                b.append("<figure><img class=\"figure\" alt=\"").append(esc(f.file())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png()))
                        .append("\"><figcaption>").append(esc(f.caption())).append(" <span class=\"file\">")
                        .append(esc(f.file())).append("</span></figcaption></figure>\n");
            }
            b.append("</section>\n");
        }
        failures(b, trials);
        table(b, trials);
        b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void best(StringBuilder b, List<TrialRow> trials, String metric) {
        boolean validation = !metric.startsWith("test");
        List<TrialRow> ranked = new ArrayList<>(trials.stream().filter(t -> t.score() != null).toList());
        ranked.sort(Comparator.comparing(TrialRow::score).reversed());
        b.append("<h3>Best trials by ").append(esc(metric)).append("</h3>\n<table class=\"sortable\"><thead><tr>")
                .append("<th>#</th><th>trial</th>").append(validation ? "<th>" + esc(metric) + "</th>" : "")
                .append("<th>test accuracy</th>")
                .append("<th>train accuracy</th><th>status</th><th>axis values</th><th>seconds</th></tr></thead><tbody>\n");
        for (int i = 0; i < Math.min(BEST, ranked.size()); i++) {
            TrialRow t = ranked.get(i);
            b.append("<tr><td>").append(i + 1).append("</td><td>").append(esc(t.id())).append("</td>");
            if (validation) {
                num(b, t.score(), true);
            }
            num(b, t.number("test_accuracy"), true);
            num(b, t.number("train_accuracy"), true);
            b.append("<td>").append(esc(t.shownStatus())).append("</td><td>").append(esc(t.text("axis_values")))
                    .append("</td>");
            num(b, t.number("seconds_task"), false);
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void failures(StringBuilder b, List<TrialRow> trials) {
        List<TrialRow> bad = trials.stream().filter(t -> !t.shownStatus().equals("completed")).toList();
        b.append("<section id=\"failures\"><h2>Failures, divergences and collapses</h2>\n");
        if (bad.isEmpty()) {
            b.append("<p>None: every finished trial completed and predicts more than one label.</p></section>\n");
            return;
        }
        b.append("<table class=\"sortable\"><thead><tr><th>trial</th><th>status</th><th>reason</th><th>message</th>")
                .append("<th>steps</th><th>axis values</th></tr></thead><tbody>\n");
        for (TrialRow t : bad) {
            String reason = t.text("error_class") != null ? t.text("error_class") : switch (t.shownStatus()) {
                case "collapsed" -> "every test image got one label";
                case "diverged" -> "the loss became NaN or infinite";
                case "stopped" -> "stopped early";
                default -> "";
            };
            b.append("<tr><td>").append(esc(t.id())).append("</td><td>").append(esc(t.shownStatus()))
                    .append("</td><td>").append(esc(reason)).append("</td><td class=\"msg\">")
                    .append(esc(t.text("error_message"))).append("</td>");
            num(b, t.number("steps"), false);
            b.append("<td>").append(esc(t.text("axis_values"))).append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private static void table(StringBuilder b, List<TrialRow> trials) {
        Set<String> cols = new LinkedHashSet<>();
        for (String c : FIRST) {
            if (trials.stream().anyMatch(t -> t.values().containsKey(c))) {
                cols.add(c);
            }
        }
        trials.forEach(t -> cols.addAll(t.values().keySet()));
        b.append("<section id=\"trials\"><h2>Every trial: configuration and provenance</h2>\n")
                .append("<p>Click a column header to sort.</p>\n<div class=\"wide\"><table class=\"sortable\"><thead>")
                .append("<tr><th>trial_id</th>");
        cols.forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (TrialRow t : trials) {
            b.append("<tr><td>").append(esc(t.id())).append("</td>");
            for (String c : cols) {
                Object v = t.values().get(c);
                if (v instanceof Number n) {
                    b.append("<td class=\"n\">").append(esc(n.toString())).append("</td>");
                } else {
                    b.append("<td class=\"t\">").append(esc(v == null ? "" : v.toString())).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private static void num(StringBuilder b, Double v, boolean percent) {
        b.append("<td class=\"n\" data-v=\"").append(v == null ? "" : v).append("\">")
                .append(v == null ? "" : percent ? ReportFigures.percent(v)
                        : String.format(java.util.Locale.ROOT, "%.1f", v)).append("</td>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1500px}
            h1{margin-bottom:.2em} .meta{color:#555} .note{color:#a00}
            figure{display:inline-block;vertical-align:top;margin:.5em;max-width:610px}
            figure img{width:600px;height:auto;border:1px solid #ddd}
            figcaption{font-size:.9em;color:#444;max-width:600px} .file{color:#999;font-size:.85em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
            th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
            th{background:#f0f0f0;cursor:pointer;white-space:nowrap} th[data-dir=asc]::after{content:" \\25B2"}
            th[data-dir=desc]::after{content:" \\25BC"} td.n{text-align:right} td.msg{white-space:pre-wrap}
            td.t{max-width:30em;overflow-wrap:anywhere} .wide{overflow-x:auto}
            """;

    /** Sorting by a header click; a console error for a figure that did not render or is blank (no ink). */
    private static final String SCRIPT = """
            document.querySelectorAll('table.sortable th').forEach(function (th) {
              th.addEventListener('click', function () {
                var table = th.closest('table'), body = table.tBodies[0], i = th.cellIndex;
                var asc = th.dataset.dir !== 'asc';
                table.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });
                th.dataset.dir = asc ? 'asc' : 'desc';
                var key = function (r) { var c = r.cells[i]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
                Array.from(body.rows).sort(function (x, y) {
                  var a = key(x), b = key(y), na = parseFloat(a), nb = parseFloat(b);
                  var d = (!isNaN(na) && !isNaN(nb)) ? na - nb : a.localeCompare(b);
                  return asc ? d : -d;
                }).forEach(function (r) { body.appendChild(r); });
              });
            });
            window.addEventListener('load', function () {
              var ok = 0;
              document.querySelectorAll('img.figure').forEach(function (img) {
                if (!img.complete || img.naturalWidth === 0) { console.error('figure did not render: ' + img.alt); return; }
                var c = document.createElement('canvas');
                c.width = img.naturalWidth;
                c.height = img.naturalHeight;
                var g = c.getContext('2d');
                g.drawImage(img, 0, 0);
                var d = g.getImageData(0, 0, c.width, c.height).data, ink = 0;
                for (var i = 0; i < d.length; i += 4) {
                  if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) { ink++; }
                }
                if (ink < 0.002 * c.width * c.height) { console.error('figure is blank: ' + img.alt); } else { ok++; }
              });
              document.body.setAttribute('data-figures-rendered', String(ok));
            });
            """;
}
