package org.ffsweep.core.train;

/**
 * One layer's training statistics at one step.
 *
 * @param step global FF step (1-based; a step trains every layer once)
 * @param epoch epoch within the chunk (chunked) or over the data set (epochs), 1-based
 * @param chunk 1-based batch index of the chunked schedule; 0 for the epochs schedule
 * @param layer 1-based layer index
 * @param loss the layer's loss
 * @param goodnessPos mean goodness of positives
 * @param goodnessNeg mean goodness of negatives
 */
public record StepMetrics(long step, int epoch, int chunk, int layer, double loss, double goodnessPos,
        double goodnessNeg) implements java.io.Serializable {}
