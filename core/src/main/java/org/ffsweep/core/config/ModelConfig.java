package org.ffsweep.core.config;

import java.util.List;
import org.ffsweep.core.config.Options.Activation;
import org.ffsweep.core.config.Options.ModelKind;
import org.ffsweep.core.util.Checks;

/** The network: {@code ffsweep.trial.model}. */
public record ModelConfig(
        ModelKind kind,
        List<Integer> hiddenSizes,
        Activation activation,
        boolean inputNorm,
        double dropout,
        boolean skipConnections) implements java.io.Serializable {

    public ModelConfig {
        Checks.notNull("model.kind", kind);
        Checks.notNull("model.activation", activation);
        hiddenSizes = List.copyOf(hiddenSizes);
        if (hiddenSizes.isEmpty()) {
            throw new IllegalArgumentException("model.hidden-sizes must list at least one width");
        }
        for (int w : hiddenSizes) {
            Checks.positive("model.hidden-sizes[]", w);
        }
        Checks.inHalfOpen("model.dropout", dropout, 0.0, 1.0);
        if (skipConnections) {
            for (int i = 2; i < hiddenSizes.size(); i++) {
                if (!hiddenSizes.get(i).equals(hiddenSizes.get(i - 1))) {
                    throw new IllegalArgumentException("model.skip-connections needs layers 2..N of equal width"
                            + " (layer i adds its input to its output), got hidden-sizes " + hiddenSizes);
                }
            }
        }
    }

    static ModelConfig read(ConfigReader r) {
        return r.get("hidden-sizes", p -> new ModelConfig(
                r.enumValue("kind", ModelKind.class),
                r.positiveInts("hidden-sizes"),
                r.enumValue("activation", Activation.class),
                r.bool("input-norm"),
                r.doubleIn("dropout", 0.0, 1.0),
                r.bool("skip-connections")));
    }
}
