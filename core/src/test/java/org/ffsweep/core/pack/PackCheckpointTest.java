package org.ffsweep.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.checkpoint.Checkpointing;
import org.ffsweep.core.checkpoint.LocalCheckpointStore;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.core.run.DeviceChooser;
import org.ffsweep.core.run.TrialData;
import org.ffsweep.core.run.TrialResult;
import org.ffsweep.core.run.TrialRunner;
import org.ffsweep.core.run.TrialStatus;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StopAt;
import org.ffsweep.core.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packs with a validation split continue from checkpoints in a solo trial's format: three trials
 * of one seed (different thresholds and margins) stopped in a pack, then continued as a pack and
 * one of them alone, and the same trials stopped alone and continued as a pack, end with the
 * numbers of their uninterrupted solo runs: every loss within 1e-4 relative, every accuracy
 * (train, test and validation) equal; a member stopped inside a pack (a rung) while the others go
 * on continues alone to its solo numbers. On the in-repo mnist-sample images.
 */
class PackCheckpointTest {
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);
    private static TrialData data;

    @BeforeAll
    static void load() throws Exception {
        data = TrialData.of(MnistSample.read());
    }

    /** 16-16 ELU with dropout, 200 validation images held out, 300 training images. */
    static TrialConfig trial(String schedule, String... overrides) {
        List<String> base = new ArrayList<>(List.of("seed=7", "model.hidden-sizes=[16, 16]", "model.activation=elu",
                "model.dropout=0.1", "data.validation-size=200", "training.train-limit=300", "metrics.every-steps=1",
                "metrics.eval-every-steps=6", "metrics.train-eval-size=100"));
        base.addAll(schedule.equals("epochs")
                ? List.of("training.schedule=epochs", "training.batch-size=60", "training.epochs=6")
                : List.of("training.batch-size=100", "training.epochs=10"));
        base.addAll(List.of(overrides));
        return ConfigLoader.load(ConfigFactory.empty("test"), base).trial();
    }

    static List<TrialConfig> trials(String schedule) {
        return List.of(trial(schedule, "ff.threshold=1", "ff.margin=0"),
                trial(schedule, "ff.threshold=2", "ff.margin=1"),
                trial(schedule, "ff.threshold=0.5", "ff.margin=0.5", "training.learning-rate=0.05"));
    }

    static Checkpointing checkpoints(Path dir, TrialConfig t) {
        return Checkpointing.every(new LocalCheckpointStore(dir.resolve(t.configHash())), t.configHash(), null, false);
    }

    static List<TrialResult> pack(List<TrialConfig> trials, List<List<TrainingListener>> listeners, Path dir) {
        try (DeviceChooser.Lease lease = TrialRunner.lease(CPU, null)) {
            return PackRunner.run(trials, CPU, lease, data, listeners,
                    trials.stream().map(t -> checkpoints(dir, t)).toList());
        }
    }

    /** Solo's numbers: {@link PackRunnerTest#assertSameNumbers} and the validation accuracy of every evaluation. */
    static void assertSameNumbers(TrialResult solo, TrialResult other) {
        PackRunnerTest.assertSameNumbers(solo, other);
        assertEquals(solo.evalMetrics().stream().map(EvalMetrics::validationAccuracy).toList(),
                other.evalMetrics().stream().map(EvalMetrics::validationAccuracy).toList());
        assertTrue(solo.evalMetrics().stream().noneMatch(e -> Double.isNaN(e.validationAccuracy())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "epochs"})
    void stoppedInAPackThenContinuedPackedAndAlone(String schedule, @TempDir Path dir) {
        List<TrialConfig> trials = trials(schedule);
        assertEquals(PackKey.of(trials.get(0)), PackKey.of(trials.get(2)), "one seed and split: one pack");
        List<TrialResult> whole = trials.stream().map(t -> TrialRunner.run(t, CPU, data, List.of())).toList();
        // trials 0 and 1 stop at step 12 before its evaluation (pending when they continue), trial 2 after it
        List<TrialResult> first = pack(trials, List.of(List.of(new StopAt(12, false)), List.of(new StopAt(12, false)),
                List.of(new StopAt(12, true))), dir);
        for (int i = 0; i < 3; i++) {
            assertEquals(TrialStatus.STOPPED, first.get(i).status());
            assertEquals(12, first.get(i).steps());
            assertTrue(Files.exists(dir.resolve(trials.get(i).configHash()).resolve(Checkpointing.NAME)));
        }
        List<TrialResult> packed = pack(trials.subList(0, 2), List.of(List.of(), List.of()), dir);
        TrialResult alone = TrialRunner.run(trials.get(2), CPU, data, List.of(), checkpoints(dir, trials.get(2)));
        assertSameNumbers(whole.get(0), packed.get(0));
        assertSameNumbers(whole.get(1), packed.get(1));
        assertSameNumbers(whole.get(2), alone);
        for (TrialConfig t : trials) {
            assertFalse(Files.exists(dir.resolve(t.configHash()).resolve(Checkpointing.NAME)), "deleted at the end");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "epochs"})
    void stoppedAloneThenContinuedInAPack(String schedule, @TempDir Path dir) {
        List<TrialConfig> trials = trials(schedule);
        List<TrialResult> whole = trials.stream().map(t -> TrialRunner.run(t, CPU, data, List.of())).toList();
        // two places to continue from (the pack trains them one after the other): step 9, and 12 evaluated
        for (TrialConfig t : trials) {
            StopAt stop = t == trials.get(0) ? new StopAt(9, false) : new StopAt(12, true);
            TrialResult r = TrialRunner.run(t, CPU, data, List.of(stop), checkpoints(dir, t));
            assertEquals(TrialStatus.STOPPED, r.status());
        }
        // one member stops again later in the pack (a rung) while the other goes on; then it continues alone
        List<TrialResult> packed = pack(trials, List.of(List.of(), List.of(new StopAt(18, true)), List.of()), dir);
        assertSameNumbers(whole.get(0), packed.get(0));
        assertSameNumbers(whole.get(2), packed.get(2));
        assertEquals(TrialStatus.STOPPED, packed.get(1).status());
        assertEquals(18, packed.get(1).steps());
        TrialResult rest = TrialRunner.run(trials.get(1), CPU, data, List.of(), checkpoints(dir, trials.get(1)));
        assertSameNumbers(whole.get(1), rest);
    }
}
