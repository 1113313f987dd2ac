package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ffsweep.sweep.RepoRoot;
import org.ffsweep.sweep.grid.GridExpander;
import org.ffsweep.sweep.grid.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The study's runs committed under {@code docs/reproduction/} (docs/reproduction.md): every folder
 * is a sweep of the shipped {@code conf/NAME.conf} (same trial ids), readable with {@code ffsweep
 * sql}, and its rows agree with each other. A change to the trial id, the schema or the reader that
 * would leave the committed results unreadable, or orphaned from their sweep files, fails here.
 */
class ReproductionResultsIT {
    static List<String> committedSweeps() throws IOException {
        try (Stream<Path> s = Files.list(RepoRoot.resolve("docs/reproduction"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<List<String>> csv(Path out, String query) {
        CliHarness.Result r = CliHarness.run(List.of("sql", "--out", out.toString(), "--format", "csv", query));
        assertEquals(0, r.code(), () -> out + ": " + r.err());
        return r.out().lines().skip(1).map(l -> List.of(l.split(",", -1))).toList();
    }

    @Test
    void theFourStudiesAreCommitted() throws IOException {
        assertEquals(List.of("repro-bounded", "repro-collapse", "repro-default", "repro-softplus"), committedSweeps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedSweeps")
    void everyCommittedTrialIsATrialOfItsShippedSweepAndComplete(String name) {
        Path out = RepoRoot.resolve("docs/reproduction").resolve(name);
        Set<String> planned = GridExpander.expand(RepoRoot.resolve("conf").resolve(name + ".conf"), List.of())
                .trials().stream().map(TrialSpec::trialId).collect(Collectors.toSet());

        // per trial: its row, the last step in epochs, and the evaluation at its last step
        List<List<String>> rows = csv(out, "SELECT t.trial_id, t.status, t.steps,"
                + " (SELECT max(e.step) FROM epochs e WHERE e.trial_id = t.trial_id),"
                + " t.test_accuracy,"
                + " (SELECT max(v.test_accuracy) FROM evaluations v WHERE v.trial_id = t.trial_id AND v.step = t.steps)"
                + " FROM trials t ORDER BY t.trial_id");

        assertFalse(rows.isEmpty(), out + " has no trials");
        for (List<String> row : rows) {
            String id = row.get(0);
            assertTrue(planned.contains(id), out + ": trial " + id + " is not a trial of conf/" + name + ".conf");
            assertEquals("completed", row.get(1), id);
            assertEquals(row.get(2), row.get(3), id + ": steps in trials and the last step in epochs");
            assertEquals(Double.parseDouble(row.get(4)), Double.parseDouble(row.get(5)), 1e-9,
                    id + ": test accuracy in trials and in the evaluation at its last step");
        }
        assertEquals(rows.size(), rows.stream().map(r -> r.get(0)).distinct().count(), out + ": one row per trial");
    }

    /** The headline of docs/reproduction.md and issue 14: the study's default at 12,000 steps. */
    @Test
    void theFullLengthRunsEndWhereTheDocsSay() {
        Path out = RepoRoot.resolve("docs/reproduction").resolve("repro-default");
        Map<String, List<String>> byId = csv(out, "SELECT trial_id, margin, steps, test_accuracy FROM trials").stream()
                .collect(Collectors.toMap(r -> r.get(0), r -> r));

        assertEquals(List.of("65b77c96133aaaef", "1.0", "12000", "0.9739"), byId.get("65b77c96133aaaef"));
        assertEquals(List.of("39fe01eb78290ba5", "0.0", "12000", "0.975"), byId.get("39fe01eb78290ba5"));
    }
}
