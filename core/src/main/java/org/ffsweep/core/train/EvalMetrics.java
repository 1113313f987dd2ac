package org.ffsweep.core.train;

/**
 * Accuracy measured at one step.
 *
 * @param step global FF step at which it was measured
 * @param epoch epoch (see {@link StepMetrics})
 * @param chunk chunk (see {@link StepMetrics})
 * @param trainAccuracy accuracy on the training images evaluated (NaN if not measured)
 * @param testAccuracy accuracy on the test set
 * @param validationAccuracy accuracy on the images held out of the training set
 *     ({@code data.validation-size}; NaN when none are)
 * @param distinctTestPredictions how many different labels the test predictions use
 * @param collapsed every test image got the same label
 * @param seconds wall time of this evaluation
 */
public record EvalMetrics(long step, int epoch, int chunk, double trainAccuracy, double testAccuracy,
        double validationAccuracy, int distinctTestPredictions, boolean collapsed, double seconds)
        implements java.io.Serializable {

    /** An evaluation without a validation set. */
    public EvalMetrics(long step, int epoch, int chunk, double trainAccuracy, double testAccuracy,
            int distinctTestPredictions, boolean collapsed, double seconds) {
        this(step, epoch, chunk, trainAccuracy, testAccuracy, Double.NaN, distinctTestPredictions, collapsed, seconds);
    }
}
