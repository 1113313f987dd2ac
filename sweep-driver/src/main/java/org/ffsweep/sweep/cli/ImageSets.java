package org.ffsweep.sweep.cli;

import org.ffsweep.core.data.LabeledImages;
import org.ffsweep.core.train.ImageSet;

/** Adapts the data module's images to the trainer's. */
final class ImageSets {
    private ImageSets() {}

    static ImageSet of(LabeledImages images) {
        return new ImageSet(images.copyImages(), images.copyLabels(), images.count(), images.pixelsPerImage());
    }
}
