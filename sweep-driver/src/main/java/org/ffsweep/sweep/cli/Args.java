package org.ffsweep.sweep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subcommand's arguments: positional words, repeated {@code --set path=value} overrides, and
 * the boolean flags (such as {@code --dry-run}) that the command declares.
 *
 * @param positional words that are not options
 * @param overrides the values of {@code --set}, in order
 * @param flags the declared flags that were given
 */
record Args(List<String> positional, List<String> overrides, Set<String> flags) {

    Args {
        positional = List.copyOf(positional);
        overrides = List.copyOf(overrides);
        flags = Set.copyOf(flags);
    }

    /** Parses {@code words} for a command without flags. */
    static Args parse(List<String> words) {
        return parse(words, Set.of());
    }

    /** Parses {@code words}; {@code declaredFlags} (e.g. {@code --dry-run}) are the only flags accepted. */
    static Args parse(List<String> words, Set<String> declaredFlags) {
        List<String> positional = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--set")) {
                if (i + 1 >= words.size()) {
                    throw new UsageException("--set needs path=value");
                }
                overrides.add(words.get(++i));
            } else if (w.startsWith("--set=")) {
                overrides.add(w.substring("--set=".length()));
            } else if (declaredFlags.contains(w)) {
                flags.add(w);
            } else if (w.startsWith("--")) {
                throw new UsageException("unknown option " + w);
            } else {
                positional.add(w);
            }
        }
        return new Args(positional, overrides, flags);
    }

    /** Whether the flag {@code name} was given. */
    boolean has(String name) {
        return flags.contains(name);
    }
}
