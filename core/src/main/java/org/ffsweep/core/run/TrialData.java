package org.ffsweep.core.run;

import java.io.IOException;
import java.util.function.Consumer;
import org.ffsweep.core.data.DataConfig;
import org.ffsweep.core.data.DataFetcher;
import org.ffsweep.core.data.Dataset;
import org.ffsweep.core.data.LabeledImages;
import org.ffsweep.core.data.MnistData;
import org.ffsweep.core.train.ImageSet;

/**
 * The data a trial trains and is scored on, in the form the trainers read (Java memory only).
 * Joins the data module ({@link DataFetcher}, {@link MnistData}) to training; front ends load it
 * here and hand it to {@link TrialRunner}.
 *
 * @param train training images
 * @param test test images
 * @param fingerprint identity of the data set's content
 */
public record TrialData(ImageSet train, ImageSet test, String fingerprint) {

    public TrialData {
        if (train == null || test == null || fingerprint == null) {
            throw new IllegalArgumentException("trial data needs train and test images and a fingerprint");
        }
        if (train.pixelsPerImage() != test.pixelsPerImage()) {
            throw new IllegalArgumentException("train images have " + train.pixelsPerImage() + " pixels, test images "
                    + test.pixelsPerImage());
        }
    }

    /** Loads {@code dataset} (fetching it into the cache if needed); {@code progress} hears what is fetched. */
    public static TrialData load(Dataset dataset, DataConfig config, Consumer<String> progress) throws IOException {
        return of(DataFetcher.load(dataset, config, progress));
    }

    /** The images of {@code data}, copied. */
    public static TrialData of(MnistData data) {
        return new TrialData(images(data.train()), images(data.test()), data.fingerprint());
    }

    private static ImageSet images(LabeledImages images) {
        return new ImageSet(images.copyImages(), images.copyLabels(), images.count(), images.pixelsPerImage());
    }
}
