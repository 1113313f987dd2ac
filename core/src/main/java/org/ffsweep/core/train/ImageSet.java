package org.ffsweep.core.train;

import org.ffsweep.core.util.Checks;

/**
 * Labelled images as unsigned bytes, row-major ({@code count x pixels}); Java memory only.
 *
 * @param pixels {@code count * pixelsPerImage} unsigned pixel values
 * @param labels {@code count} class labels 0..9
 */
public record ImageSet(byte[] pixels, byte[] labels, int count, int pixelsPerImage) {
    public ImageSet {
        Checks.positive("count", count);
        Checks.positive("pixelsPerImage", pixelsPerImage);
        if (pixels.length != (long) count * pixelsPerImage || labels.length != count) {
            throw new IllegalArgumentException("image set of " + count + " x " + pixelsPerImage + " has "
                    + pixels.length + " pixels and " + labels.length + " labels");
        }
    }

    public int label(int i) {
        return labels[i];
    }
}
