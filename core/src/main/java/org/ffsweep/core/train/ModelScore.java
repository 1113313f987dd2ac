package org.ffsweep.core.train;

import org.ffsweep.core.eval.EvaluationResult;

/**
 * What one evaluation of a {@link StepModel} found.
 *
 * @param trainAccuracy accuracy on the training images it scores (NaN if none)
 * @param test predictions on the test set
 * @param validationAccuracy accuracy on the validation set (NaN without one)
 */
public record ModelScore(double trainAccuracy, EvaluationResult test, double validationAccuracy) {}
