package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.ffsweep.core.train.StepMetrics;
import org.ffsweep.core.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listeners hear every step of every model kind, and any of them can end a trial between steps. */
class TrainingListenersTest {
    private static final RuntimeConfig CPU = new RuntimeConfig(1, DevicePreference.CPU);

    /** Stops the trial at step {@code n}. */
    private record StopAt(long n) implements TrainingListener {
        @Override
        public Decision onStep(StepEvent step) {
            return step.step() == n ? Decision.stop("stopped at step " + n) : Decision.CONTINUE;
        }
    }

    private static TrialConfig trial(String kind) {
        return switch (kind) {
            case "ff" -> TrialRunnerTest.trial("metrics.every-steps=3", "metrics.eval-every-steps=2");
            case "backprop-mlp" -> TrialRunnerTest.trial("model.kind=backprop-mlp", "model.hidden-sizes=[32]",
                    "training.schedule=epochs", "training.batch-size=20", "metrics.every-steps=3");
            default -> org.ffsweep.core.config.ConfigLoader.load(com.typesafe.config.ConfigFactory.empty("test"),
                    List.of("model.kind=" + kind, "model.hidden-sizes=[24, 24]", "model.activation=relu",
                            "ff.threshold=0.5", "training.batch-size=30", "training.epochs=3",
                            "metrics.every-steps=3", "metrics.eval-every-steps=2", "metrics.train-eval-size=60",
                            "unsupervised.probe.epochs=5", "unsupervised.probe.batch-size=60")).trial();
        };
    }

    private static TrialResult run(String kind, List<TrainingListener> listeners) {
        TrialData data = kind.startsWith("ff-")
                ? new TrialData(TrialRunnerTest.images(60, 1), TrialRunnerTest.images(30, 2), "synthetic")
                : new TrialData(TrialRunnerTest.images(100, 1), TrialRunnerTest.images(40, 2), "synthetic");
        return TrialRunner.run(trial(kind), CPU, data, listeners);
    }

    @ParameterizedTest
    @CsvSource({
        "ff, 5, '1,3,5', '2,4'",
        "ff-unsupervised, 5, '1,3,5', '2,4'",
        "ff-class-pairs, 4, '1,3,4', '2'", // it stops before the evaluation due at step 4
        "backprop-mlp, 7, '3,5,6,7', '5'"
    })
    void aListenerStopsTheTrialAfterNStepsAndItsMetricsAreKept(String kind, long n, String recordedSteps,
            String evalSteps) {
        TrialResult r = run(kind, List.of(new StopAt(n)));
        assertEquals(TrialStatus.STOPPED, r.status());
        assertEquals("stopped at step " + n, r.message());
        assertEquals(n, r.steps());
        assertEquals(steps(recordedSteps), r.stepMetrics().stream().map(StepMetrics::step).distinct().toList(),
                "the recorded steps, and the step it stopped at");
        int layers = kind.equals("backprop-mlp") ? 1 : 2;
        assertEquals(layers, r.stepMetrics().stream().filter(m -> m.step() == n).count());
        assertEquals(steps(evalSteps), r.evalMetrics().stream().map(EvalMetrics::step).toList());
        EvalMetrics last = r.evalMetrics().get(r.evalMetrics().size() - 1);
        assertEquals(last.testAccuracy(), r.testAccuracy());
    }

    @Test
    void aListenerCanStopAtAnEvaluation() {
        TrainingListener firstEval = new TrainingListener() {
            @Override
            public Decision onEval(EvalMetrics eval, double elapsedSeconds) {
                return Decision.stop("pruned at step " + eval.step());
            }
        };
        TrialResult r = run("ff", List.of(firstEval));
        assertEquals(TrialStatus.STOPPED, r.status());
        assertEquals("pruned at step 2", r.message());
        assertEquals(2, r.steps());
        assertEquals(1, r.evalMetrics().size());
    }

    @Test
    void everyListenerHearsEveryStepWithTheRowsRecordedAtIt() {
        List<StepEvent> a = new ArrayList<>();
        List<StepEvent> b = new ArrayList<>();
        TrialResult r = run("ff", List.of(hearing(a), hearing(b)));
        assertEquals(TrialStatus.COMPLETED, r.status());
        assertEquals(6, a.size());
        assertEquals(a, b);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), a.stream().map(StepEvent::step).toList());
        assertEquals(r.stepMetrics(), a.stream().flatMap(e -> e.recorded().stream()).toList());
        assertTrue(a.get(1).recorded().isEmpty());
        assertEquals(6, a.get(0).totalSteps());
        assertEquals(a.get(2).recorded().get(0).loss(), a.get(2).loss(1));
    }

    @Test
    void aDivergedStepIsRecordedWithEveryLayer() {
        TrialConfig t = TrialRunnerTest.trial("ff.threshold=0", "ff.margin=0", "ff.softplus=study",
                "ff.goodness=sum-squares", "model.hidden-sizes=[2000, 16]", "model.input-norm=false",
                "model.activation=relu", "metrics.every-steps=5");
        TrialResult r = TrialRunner.run(t, CPU, new TrialData(TrialRunnerTest.images(100, 1),
                TrialRunnerTest.images(40, 2), "synthetic"), List.of());
        assertEquals(TrialStatus.DIVERGED, r.status());
        assertTrue(r.message().startsWith("layer 1 loss is Infinity at step " + r.steps()), r.message());
        List<StepMetrics> last = r.stepMetrics().stream().filter(m -> m.step() == r.steps()).toList();
        assertEquals(List.of(1, 2), last.stream().map(StepMetrics::layer).toList());
        assertFalse(Double.isFinite(last.get(0).loss()));
    }

    private static TrainingListener hearing(List<StepEvent> events) {
        return new TrainingListener() {
            @Override
            public Decision onStep(StepEvent step) {
                events.add(step);
                return Decision.CONTINUE;
            }
        };
    }

    private static List<Long> steps(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).map(Long::valueOf).toList();
    }
}
