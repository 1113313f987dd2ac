package org.ffsweep.core.examples;

import java.util.List;

/**
 * A grid of captioned pictures of what a trial trains on, to be drawn as one image file.
 *
 * @param fileName the file's name, e.g. {@code hybrid.png}
 * @param title what the sheet shows
 * @param columns a heading per column
 * @param rows the pictures, one list per row, as many as there are columns
 */
public record ExampleSheet(String fileName, String title, List<String> columns, List<List<ExampleImage>> rows) {
    public ExampleSheet {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<ExampleImage> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " pictures under " + columns.size() + " columns");
            }
        }
    }
}
