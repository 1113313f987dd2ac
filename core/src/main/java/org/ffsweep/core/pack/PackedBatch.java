package org.ffsweep.core.pack;

import ai.djl.ndarray.NDArray;

/**
 * Images ready for label overlay for K trials at once (the packed {@code OverlayBatch}): each
 * trial's images, or one set of images every trial shares (the test set, or trials whose
 * shuffles agree), in which case {@code rest} and {@code inverseNorm} have no trial axis and
 * broadcast.
 *
 * @param rest the images without their first 10 values, {@code [K, n, d - 10]} or shared {@code [n, d - 10]}
 * @param inverseNorm {@code 1 / (sqrt(max^2 + |rest|^2) + 1e-4)} per row, {@code [K, n, 1]} or shared {@code [n, 1]}
 * @param max each trial's overlay value, {@code [K, 1, 1]}
 * @param labels each trial's true labels, {@code K} arrays of n
 */
record PackedBatch(NDArray rest, NDArray inverseNorm, NDArray max, int[][] labels) {

    /** Images per trial. */
    int size() {
        return labels[0].length;
    }

    /** Whether every trial sees the same images ({@code rest} has no trial axis). */
    boolean shared() {
        return rest.getShape().dimension() == 2;
    }
}
