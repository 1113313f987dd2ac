package org.ffsweep.sweep.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A subcommand's arguments: positional words, repeated {@code --set path=value} overrides, and
 * the boolean flags (such as {@code --dry-run}) that the command declares. A word after
 * {@code --}, or one with white space in it (an SQL query that starts with a {@code --} comment),
 * is positional, never an option.
 *
 * @param positional words that are not options
 * @param overrides the values of {@code --set}, in order
 * @param flags the declared flags that were given
 */
record Args(List<String> positional, List<String> overrides, Set<String> flags, Map<String, String> options) {

    Args {
        positional = List.copyOf(positional);
        overrides = List.copyOf(overrides);
        flags = Set.copyOf(flags);
        options = Map.copyOf(options);
    }

    Args(List<String> positional, List<String> overrides, Set<String> flags) {
        this(positional, overrides, flags, Map.of());
    }

    /** Parses {@code words} for a command without flags. */
    static Args parse(List<String> words) {
        return parse(words, Set.of());
    }

    /** Parses {@code words}; {@code declaredFlags} (e.g. {@code --dry-run}) are the only flags accepted. */
    static Args parse(List<String> words, Set<String> declaredFlags) {
        return parse(words, declaredFlags, Set.of());
    }

    /** Parses {@code words}; {@code declaredOptions} (e.g. {@code --out}) take the next word as value. */
    static Args parse(List<String> words, Set<String> declaredFlags, Set<String> declaredOptions) {
        Map<String, String> options = new java.util.HashMap<>();
        List<String> positional = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        Set<String> flags = new TreeSet<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                positional.addAll(words.subList(i + 1, words.size()));
                break;
            } else if (w.equals("--set")) {
                if (i + 1 >= words.size()) {
                    throw new UsageException("--set needs path=value");
                }
                overrides.add(words.get(++i));
            } else if (w.startsWith("--set=")) {
                overrides.add(w.substring("--set=".length()));
            } else if (declaredOptions.contains(w)) {
                if (i + 1 >= words.size()) {
                    throw new UsageException(w + " needs a value");
                }
                options.put(w, words.get(++i));
            } else if (declaredFlags.contains(w)) {
                flags.add(w);
            } else if (w.startsWith("--") && w.chars().noneMatch(Character::isWhitespace)) {
                throw new UsageException("unknown option " + w);
            } else {
                positional.add(w);
            }
        }
        return new Args(positional, overrides, flags, options);
    }

    /** The value of option {@code name}, or {@code fallback}. */
    String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** Whether the flag {@code name} was given. */
    boolean has(String name) {
        return flags.contains(name);
    }
}
