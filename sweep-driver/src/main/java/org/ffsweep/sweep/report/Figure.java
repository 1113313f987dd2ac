package org.ffsweep.sweep.report;

/**
 * One figure of the report.
 *
 * @param file its file name beside the page ({@code 03-threshold.svg})
 * @param section the report section it belongs to
 * @param caption what it shows, in a sentence
 * @param svg the SVG document
 */
record Figure(String file, String section, String caption, String svg) {}
