package org.ffsweep.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.run.TrialRunnerTest;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.ffsweep.core.util.Shuffle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Steps and evaluations of a pack leave nothing behind in the parameters' or the optimizer's managers. */
class PackedModelTest {

    /** How many resources each manager holds (DJL keeps them in a protected map). */
    private static List<Integer> live(List<NDManager> managers) {
        try {
            java.lang.reflect.Field f = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
            f.setAccessible(true);
            List<Integer> out = new java.util.ArrayList<>();
            for (NDManager m : managers) {
                out.add(((java.util.Map<?, ?>) f.get(m)).size());
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void stepsAndEvaluationsDoNotLeakIntoLongLivedManagers(boolean sameSeeds) {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the natives
        JniUtils.setGradMode(false);
        List<TrialConfig> trials = List.of(PackRunnerTest.trial("seed=1", "model.dropout=0.2"),
                PackRunnerTest.trial(sameSeeds ? "seed=1" : "seed=2", "ff.threshold=2", "model.dropout=0"));
        ImageSet train = TrialRunnerTest.images(100, 1);
        ImageSet test = TrialRunnerTest.images(30, 2);
        List<SavableRandom> rngs = trials.stream().map(t -> new SavableRandom(t.seed())).toList();
        try (NDManager root = NDManager.newBaseManager("PyTorch");
                PackedModel model = new PackedModel(trials, train, test, root, rngs);
                NDManager data = root.newSubManager()) {
            int[][] orders = new int[2][];
            for (int t = 0; t < 2; t++) {
                orders[t] = Shuffle.shuffled(Shuffle.range(train.count()), model.orderRandom(t));
            }
            model.begin(orders, data);
            assertEquals(2, model.trials());
            int[][] rows = {Arrays.copyOf(orders[0], 50), Arrays.copyOf(orders[1], 50)};
            PackedModel.Batch batch = model.batch(rows, data);
            try (NDManager step = root.newSubManager()) {
                model.step(batch, step);
            }
            List<Integer> before = live(model.network().longLivedManagers());
            for (int s = 0; s < 3; s++) {
                try (NDManager step = root.newSubManager()) {
                    assertEquals(2, model.step(batch, step).size());
                }
            }
            assertEquals(2, model.evaluate(batch).size());
            assertEquals(before, live(model.network().longLivedManagers()));
        }
    }
}
