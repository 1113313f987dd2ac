package org.ffsweep.sweep.grid;

import java.nio.file.Path;
import java.util.List;
import org.ffsweep.core.util.Checks;

/**
 * A sweep file expanded into its trials, every one validated, in a deterministic order (see
 * {@link GridExpander}).
 *
 * @param name the sweep's name ({@code ffsweep.sweep.name}, or the file's name without
 *     {@code .conf})
 * @param file the sweep file
 * @param trials the distinct trials to run
 * @param duplicatesDropped trials dropped because an earlier trial had the same id
 * @param excluded trials dropped by {@code ffsweep.sweep.exclude}
 */
public record SweepPlan(String name, Path file, List<TrialSpec> trials, int duplicatesDropped, int excluded) {

    public SweepPlan {
        Checks.notNull("name", name);
        Checks.notNull("file", file);
        trials = List.copyOf(trials);
        if (duplicatesDropped < 0 || excluded < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, got " + duplicatesDropped + " duplicates, " + excluded + " excluded");
        }
    }
}
