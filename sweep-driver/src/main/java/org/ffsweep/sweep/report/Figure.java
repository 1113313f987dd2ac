package org.ffsweep.sweep.report;

/**
 * One figure of the report.
 *
 * @param file its file name beside the page ({@code 10-axis-ff-threshold.png})
 * @param section the report section it belongs to
 * @param caption what it shows, in a sentence
 * @param png the image
 */
record Figure(String file, String section, String caption, byte[] png) {}
