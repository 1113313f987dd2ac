package org.ffsweep.sweep.report;

import java.util.List;
import java.util.Map;

/**
 * What a results folder held when the report read it: the finished trials' rows, their per-step
 * layer metrics and their evaluations, and one-line notes on trials left out.
 *
 * @param trials one row per finished trial, in trial id order
 * @param layers trial id to its {@code epochs} rows, by step then layer
 * @param evaluations trial id to its {@code evaluations} rows, by step
 * @param notes trials left out and why (a file that vanished or cannot be read mid-sweep)
 */
record ResultsSnapshot(List<TrialRow> trials, Map<String, List<LayerStep>> layers,
        Map<String, List<EvalPoint>> evaluations, List<String> notes) {
    ResultsSnapshot {
        trials = List.copyOf(trials);
        layers = Map.copyOf(layers);
        evaluations = Map.copyOf(evaluations);
        notes = List.copyOf(notes);
    }

    /** One {@code epochs} row: a layer's loss and mean goodness of positives and negatives at a step. */
    record LayerStep(long step, int layer, Double loss, Double goodnessPos, Double goodnessNeg) {}

    /** One {@code evaluations} row. */
    record EvalPoint(long step, Double trainAccuracy, Double testAccuracy, boolean collapsed) {}
}
