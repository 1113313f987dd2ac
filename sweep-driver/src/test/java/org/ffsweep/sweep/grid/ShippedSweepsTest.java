package org.ffsweep.sweep.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ffsweep.sweep.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sweep file shipped in {@code conf/} expands without error to the trial count its comment states. */
class ShippedSweepsTest {
    /** Trial counts; a new sweep file in conf/ must be added here. */
    private static final Map<String, Integer> TRIALS = Map.ofEntries(
            Map.entry("quickstart-sweep.conf", 4),
            Map.entry("quick-threshold-margin-sweep.conf", 8),
            Map.entry("bench-sweep.conf", 8),
            Map.entry("unsupervised-sweep.conf", 4),
            Map.entry("paper-table1.conf", 2 * 2),
            Map.entry("paper-table2.conf", 10),
            Map.entry("paper-table3.conf", 6),
            Map.entry("paper-threshold-margin.conf", 21 * 2),
            Map.entry("paper-skip.conf", 2),
            Map.entry("paper-grid.conf", 21 * 10 * 6 * 2 * 2),
            Map.entry("repro-default.conf", 2),
            Map.entry("repro-collapse.conf", 8 * 3),
            Map.entry("repro-bounded.conf", 2),
            Map.entry("repro-softplus.conf", 6));

    static Path confDir() {
        return RepoRoot.resolve("conf");
    }

    static List<Path> sweepFiles() throws IOException {
        try (Stream<Path> s = Files.list(confDir())) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".conf") && (n.contains("sweep") || n.startsWith("paper-") || n.startsWith("repro-"));
            }).sorted().toList();
        }
    }

    @Test
    void everyExpectedFileIsShipped() throws IOException {
        assertEquals(TRIALS.keySet(), sweepFiles().stream().map(p -> p.getFileName().toString())
                .collect(java.util.stream.Collectors.toSet()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweepFiles")
    void expandsToItsTrialCount(Path file) throws IOException {
        Integer expected = TRIALS.get(file.getFileName().toString());
        assertNotNull(expected, "add " + file.getFileName() + " and its trial count to TRIALS");

        SweepPlan plan = GridExpander.expand(file, List.of());

        assertEquals(expected, plan.trials().size(), file + ": trials");
        assertEquals(0, plan.duplicatesDropped(), file + ": duplicates");
        assertEquals(0, plan.excluded(), file + ": excluded");
        assertTrue(Files.readString(file).contains(String.format(java.util.Locale.ROOT, "%,d trials", expected)),
                file + " states its trial count in a comment");
    }

    @Test
    void paperSweepsKeepTheStudysEpochs() throws IOException {
        for (Path f : sweepFiles()) {
            String n = f.getFileName().toString();
            if (n.startsWith("paper-")) {
                int epochs = n.equals("paper-table2.conf") ? 1000 : 2000;
                GridExpander.expand(f, List.of()).trials()
                        .forEach(t -> assertEquals(epochs, t.config().training().epochs(), n));
            }
        }
    }

    @Test
    void pPosTrialsUseSumOfSquares() throws IOException {
        SweepPlan plan = GridExpander.expand(confDir().resolve("paper-table1.conf"), List.of());

        plan.trials().forEach(t -> assertEquals(t.config().ff().loss().key().equals("p-pos") ? "sum-squares"
                : "mean-squares", t.config().ff().goodness().key(), t.describe()));
    }
}
