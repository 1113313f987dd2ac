package org.ffsweep.core.config;

import org.ffsweep.core.config.Options.GoodnessKind;
import org.ffsweep.core.config.Options.LossKind;
import org.ffsweep.core.config.Options.MarginSign;
import org.ffsweep.core.config.Options.NegativeMode;
import org.ffsweep.core.config.Options.PredictionLayers;
import org.ffsweep.core.config.Options.PredictionSkip;
import org.ffsweep.core.config.Options.SoftplusForm;
import org.ffsweep.core.util.Checks;

/** Forward-Forward choices: {@code ffsweep.trial.ff}. */
public record FFConfig(
        GoodnessKind goodness,
        LossKind loss,
        double threshold,
        double margin,
        MarginSign marginSign,
        SoftplusForm softplus,
        NegativeMode negatives,
        PredictionLayers prediction,
        PredictionSkip predictionSkip) implements java.io.Serializable {

    public FFConfig {
        Checks.notNull("ff.goodness", goodness);
        Checks.notNull("ff.loss", loss);
        Checks.finiteAtLeast("ff.threshold", threshold, 0.0);
        Checks.finiteAtLeast("ff.margin", margin, 0.0);
        Checks.notNull("ff.margin-sign", marginSign);
        Checks.notNull("ff.softplus", softplus);
        Checks.notNull("ff.negatives", negatives);
        Checks.notNull("ff.prediction", prediction);
        Checks.notNull("ff.prediction-skip", predictionSkip);
    }

    static FFConfig read(ConfigReader r) {
        return new FFConfig(
                r.enumValue("goodness", GoodnessKind.class),
                r.enumValue("loss", LossKind.class),
                r.doubleAtLeast("threshold", 0.0),
                r.doubleAtLeast("margin", 0.0),
                r.enumValue("margin-sign", MarginSign.class),
                r.enumValue("softplus", SoftplusForm.class),
                r.enumValue("negatives", NegativeMode.class),
                r.enumValue("prediction", PredictionLayers.class),
                r.enumValue("prediction-skip", PredictionSkip.class));
    }
}
