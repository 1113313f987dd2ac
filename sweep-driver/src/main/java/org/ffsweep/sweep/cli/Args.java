package org.ffsweep.sweep.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A subcommand's arguments: positional words and repeated {@code --set path=value} overrides.
 *
 * @param positional words that are not options
 * @param overrides the values of {@code --set}, in order
 */
record Args(List<String> positional, List<String> overrides) {

    static Args parse(List<String> words) {
        List<String> positional = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--set")) {
                if (i + 1 >= words.size()) {
                    throw new UsageException("--set needs path=value");
                }
                overrides.add(words.get(++i));
            } else if (w.startsWith("--set=")) {
                overrides.add(w.substring("--set=".length()));
            } else if (w.startsWith("--")) {
                throw new UsageException("unknown option " + w);
            } else {
                positional.add(w);
            }
        }
        return new Args(List.copyOf(positional), List.copyOf(overrides));
    }
}
