package org.ffsweep.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.TrialConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What may differ inside a pack (the per-trial values) and what makes another pack (everything else). */
class PackKeyTest {

    private static TrialConfig trial(String... overrides) {
        List<String> base = new ArrayList<>(List.of("model.hidden-sizes=[16, 16]", "training.batch-size=100"));
        base.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), base).trial();
    }

    @Test
    void theHyperparametersAPackHoldsPerTrialKeepTheKey() {
        PackKey base = PackKey.of(trial());
        TrialConfig other = trial("seed=99", "name=other", "ff.threshold=0.5", "ff.margin=3",
                "training.learning-rate=0.001", "training.adam.beta1=0.5", "training.adam.beta2=0.9",
                "training.adam.epsilon=1e-4", "model.dropout=0");
        assertEquals(base, PackKey.of(other));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.hidden-sizes=[16, 8]", "model.hidden-sizes=[16, 16, 16]", "model.activation=relu",
            "model.input-norm=false", "model.skip-connections=true", "ff.goodness=sum-squares", "ff.loss=p-pos",
            "ff.loss=hinton-bce", "ff.margin-sign=outward", "ff.softplus=study", "ff.negatives=once",
            "ff.negatives=all", "ff.prediction=last-layer", "ff.prediction-skip=apply", "training.schedule=epochs",
            "training.batch-size=50", "training.epochs=7", "training.train-limit=300", "training.max-chunks=1",
            "dataset=fashion-mnist", "metrics.every-steps=3", "metrics.eval-every-steps=5",
            "metrics.train-eval-size=10"})
    void everythingElseMakesAnotherPack(String override) {
        assertNotEquals(PackKey.of(trial()), PackKey.of(trial(override)), override);
    }

    @Test
    void otherModelKindsDoNotPack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackKey.of(trial("model.kind=backprop-mlp")));
        assertTrue(e.getMessage().contains("model.kind = ff"), e.getMessage());
    }

    @Test
    void thePerTrialPathsAreRealConfigurationPaths() {
        com.typesafe.config.Config reference = ConfigFactory.defaultReference().getConfig("ffsweep.trial");
        for (String path : PackKey.PER_TRIAL) {
            assertTrue(reference.hasPath(path), path);
        }
    }
}
