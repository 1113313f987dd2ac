package org.ffsweep.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StopAt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trial stopped after step k, checkpointed and continued by a fresh model records exactly the
 * steps and evaluations of an uninterrupted run (on the mnist-sample images, small widths).
 */
class CheckpointResumeTest {
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);
    private static TrialData data;

    @BeforeAll
    static void load() throws IOException {
        data = TrialData.of(MnistSample.read());
    }

    static TrialConfig trial(List<String> overrides) {
        List<String> all = new ArrayList<>(List.of("dataset=mnist-sample", "model.hidden-sizes=[20, 20]",
                "model.dropout=0.2", "ff.threshold=1", "training.train-limit=300", "metrics.every-steps=1",
                "metrics.train-eval-size=100"));
        all.addAll(overrides);
        return ConfigLoader.load(ConfigFactory.empty("test"), all).trial();
    }

    static Stream<Arguments> cases() {
        List<String> chunked = List.of("training.batch-size=100", "training.epochs=4");
        List<String> epochs = List.of("training.schedule=epochs", "training.batch-size=60", "training.epochs=3",
                "metrics.eval-every-steps=4");
        return Stream.of(
                // stop at a step inside a chunk, at a chunk's last step (its evaluation due), and in an epoch
                Arguments.of("chunked-random", chunked, "random", 6, false),
                Arguments.of("chunked-random-round-end", chunked, "random", 8, false),
                Arguments.of("chunked-once-at-eval", chunked, "once", 8, true),
                Arguments.of("chunked-all", chunked, "all", 5, false),
                Arguments.of("epochs-random", epochs, "random", 7, false),
                Arguments.of("epochs-random-eval-due", epochs, "random", 8, false),
                Arguments.of("epochs-once-at-eval", epochs, "once", 8, true),
                Arguments.of("epochs-epoch-end", epochs, "once", 5, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aResumedTrialEndsWithTheNumbersOfAnUninterruptedOne(String name, List<String> schedule, String negatives,
            int stopAt, boolean stopAtEval, @TempDir Path dir) throws IOException {
        List<String> o = new ArrayList<>(schedule);
        o.add("ff.negatives=" + negatives);
        TrialConfig t = trial(o);
        TrialResult whole = TrialRunner.run(t, CPU, data, List.of());

        CheckpointStore store = new LocalCheckpointStore(dir.resolve("ckpt"));
        Checkpointing c = Checkpointing.every(store, t.configHash(), null, false);
        TrialResult first = TrialRunner.run(t, CPU, data, List.of(new StopAt(stopAt, stopAtEval)), c);
        assertEquals(TrialStatus.STOPPED, first.status());
        assertEquals(stopAt, first.steps());
        assertTrue(Files.exists(dir.resolve("ckpt").resolve(Checkpointing.NAME)), "checkpoint written when stopped");

        TrialResult resumed = TrialRunner.run(t, CPU, data, List.of(), c);
        assertEquals(TrialStatus.COMPLETED, resumed.status());
        assertSame(whole, resumed);
        assertFalse(Files.exists(dir.resolve("ckpt")), "a finished trial's checkpoint is deleted");
    }

    static Stream<Arguments> otherKinds() {
        return Stream.of(
                Arguments.of(List.of("model.kind=backprop-mlp", "model.dropout=0", "training.batch-size=60",
                        "training.epochs=2"), 4),
                Arguments.of(List.of("model.kind=ff-unsupervised", "model.dropout=0", "training.batch-size=100",
                        "training.epochs=2", "unsupervised.probe.epochs=2", "training.schedule=epochs"), 2),
                Arguments.of(List.of("model.kind=ff-class-pairs", "model.dropout=0", "training.batch-size=100",
                        "training.epochs=2", "unsupervised.probe.epochs=2"), 3));
    }

    @ParameterizedTest
    @MethodSource("otherKinds")
    void theOtherKindsWithoutDropoutResumeExactly(List<String> overrides, int stopAt, @TempDir Path dir) {
        TrialConfig t = trial(overrides);
        TrialResult whole = TrialRunner.run(t, CPU, data, List.of());
        Checkpointing c = Checkpointing.every(new LocalCheckpointStore(dir), t.configHash(), null, false);
        assertEquals(TrialStatus.STOPPED, TrialRunner.run(t, CPU, data, List.of(new StopAt(stopAt, false)), c).status());
        assertSame(whole, TrialRunner.run(t, CPU, data, List.of(), c));
    }

    @Test
    void libtorchDropoutCannotBeCheckpointed(@TempDir Path dir) {
        TrialConfig t = trial(List.of("model.kind=backprop-mlp", "training.batch-size=60", "training.epochs=1"));
        Checkpointing c = Checkpointing.every(new LocalCheckpointStore(dir), t.configHash(), null, false);
        UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class, () -> TrialRunner.run(t, CPU, data, List.of(), c));
        assertTrue(e.getMessage().contains("model.dropout = 0"), e.getMessage());
    }

    @Test
    void periodicCheckpointsAndSeveralResumesGiveTheSameNumbers(@TempDir Path dir) throws IOException {
        TrialConfig t = trial(List.of("training.batch-size=100", "training.epochs=3"));
        TrialResult whole = TrialRunner.run(t, CPU, data, List.of());
        CheckpointStore store = new LocalCheckpointStore(dir);
        Checkpointing c = Checkpointing.every(store, t.configHash(), null, true).withEverySteps(2);
        // stopped twice (the second stop leaves steps that only the last checkpoint holds), then to the end
        TrialRunner.run(t, CPU, data, List.of(new StopAt(3, false)), c);
        TrialRunner.run(t, CPU, data, List.of(new StopAt(7, false)), c);
        TrialResult resumed = TrialRunner.run(t, CPU, data, List.of(), c);
        assertSame(whole, resumed);
        assertTrue(Files.exists(dir.resolve(Checkpointing.NAME)), "kept when asked");
        // a kept checkpoint of a finished trial continues to the same end
        assertSame(whole, TrialRunner.run(t, CPU, data, List.of(), c));
    }

    @Test
    void aCheckpointOfAnotherTrialIsRefused(@TempDir Path dir) {
        TrialConfig t = trial(List.of("training.batch-size=100", "training.epochs=2"));
        CheckpointStore store = new LocalCheckpointStore(dir);
        TrialRunner.run(t, CPU, data, List.of(new StopAt(1, false)),
                Checkpointing.every(store, t.configHash(), null, false));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TrialRunner.run(t, CPU, data, List.of(), Checkpointing.every(store, "other", null, false)));
        assertTrue(e.getMessage().contains("not of trial other"), e.getMessage());
    }

    /** Same recorded steps, and the same evaluations but for their timings. */
    static void assertSame(TrialResult expected, TrialResult actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.stepMetrics(), actual.stepMetrics());
        assertEquals(withoutTimes(expected.evalMetrics()), withoutTimes(actual.evalMetrics()));
        assertEquals(expected.testAccuracy(), actual.testAccuracy());
        assertEquals(expected.status(), actual.status());
    }

    static List<EvalMetrics> withoutTimes(List<EvalMetrics> evals) {
        return evals.stream().map(e -> new EvalMetrics(e.step(), e.epoch(), e.chunk(), e.trainAccuracy(),
                e.testAccuracy(), e.distinctTestPredictions(), e.collapsed(), 0)).toList();
    }
}
