package org.ffsweep.core.examples;

/**
 * One picture of a sheet: values of a {@code width x height} image and how to shade them.
 *
 * @param caption a short line under the picture
 * @param values row-major values
 * @param width pixels per row
 * @param height rows
 * @param shade how values map to grey levels
 * @param overlay the first {@code overlay} values are a label overlay (0: none), to be outlined
 */
public record ExampleImage(String caption, float[] values, int width, int height, Shade shade, int overlay) {

    /** How values map to grey levels. */
    public enum Shade {
        /** MNIST-normalised pixels: black at pixel 0, white at pixel 255 (and at the overlay value). */
        NORMALISED,
        /** Values in [0, 1]: black at 0, white at 1 (masks). */
        UNIT,
        /** Each picture's own range: black at its minimum, white at its maximum (blurred noise). */
        STRETCHED
    }

    public ExampleImage {
        if (values.length != width * height) {
            throw new IllegalArgumentException(values.length + " values for a " + width + " x " + height + " image");
        }
    }
}
