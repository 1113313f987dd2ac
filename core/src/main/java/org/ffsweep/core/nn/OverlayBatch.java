package org.ffsweep.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * Images ready for label overlay, on the device. The study's overlay zeroes the first 10
 * values of each image and writes {@code max} (the largest value of the whole batch) at the
 * label's position, so an overlaid row is {@code [max * onehot(label), rest]} and its length is
 * {@code sqrt(max^2 + |rest|^2)} whatever the label: the image part ({@code rest}) and its
 * length are computed once and shared by every label overlaid on it.
 *
 * @param rest the images without their first 10 values, {@code [n, d - 10]}
 * @param inverseNorm {@code 1 / (sqrt(max^2 + |rest|^2) + 1e-4)} per row, {@code [n, 1]}
 * @param max the overlay value
 * @param labels the true labels, length n
 */
public record OverlayBatch(NDArray rest, NDArray inverseNorm, float max, int[] labels) {
    /** Width of the label overlay. */
    public static final int CLASSES = 10;

    public int size() {
        return labels.length;
    }
}
