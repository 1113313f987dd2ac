package org.ffsweep.core.eval;

/**
 * Accuracy of predictions against labels, with a confusion matrix ({@code [truth][predicted]}).
 *
 * @param accuracy fraction of correct predictions
 * @param count number of predictions
 * @param distinctPredictions how many different labels were predicted
 * @param confusion counts by true and predicted label
 */
public record EvaluationResult(double accuracy, int count, int distinctPredictions, int[][] confusion) {

    public static EvaluationResult of(int[] predicted, int[] truth) {
        if (predicted.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException(
                    "predictions (" + predicted.length + ") and labels (" + truth.length + ") must agree and be non-empty");
        }
        int[][] confusion = new int[10][10];
        int correct = 0;
        boolean[] seen = new boolean[10];
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predicted[i]]++;
            seen[predicted[i]] = true;
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        int distinct = 0;
        for (boolean s : seen) {
            distinct += s ? 1 : 0;
        }
        return new EvaluationResult((double) correct / truth.length, truth.length, distinct, confusion);
    }

    /** Every image got the same label. */
    public boolean collapsed() {
        return distinctPredictions == 1;
    }
}
