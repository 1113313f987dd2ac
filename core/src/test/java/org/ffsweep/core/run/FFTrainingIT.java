package org.ffsweep.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.List;
import org.ffsweep.core.config.ConfigLoader;
import org.ffsweep.core.config.Options.DevicePreference;
import org.ffsweep.core.config.RuntimeConfig;
import org.ffsweep.core.config.TrialConfig;
import org.ffsweep.core.data.LabeledImages;
import org.ffsweep.core.data.MnistData;
import org.ffsweep.core.data.MnistSample;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.train.StepMetrics;
import org.junit.jupiter.api.Test;

/** A small FF trained on the MNIST sample for 100 small steps: it must learn. */
class FFTrainingIT {

    static MnistData mnist() throws Exception {
        return MnistSample.read();
    }

    static ImageSet first(LabeledImages images, int n) {
        int d = images.pixelsPerImage();
        return new ImageSet(Arrays.copyOf(images.copyImages(), n * d), Arrays.copyOf(images.copyLabels(), n), n, d);
    }

    @Test
    void learnsFarAboveChanceAndTheLossFalls() throws Exception {
        MnistData data = mnist();
        TrialConfig trial = ConfigLoader.load(ConfigFactory.empty("it"), List.of(
                "model.hidden-sizes=[200, 200]", "model.activation=relu", "model.dropout=0",
                "ff.threshold=0.5", "ff.margin=0", "training.batch-size=500", "training.epochs=10",
                "training.train-limit=5000", "training.learning-rate=0.03", "metrics.every-steps=10")).trial();
        TrialResult r = TrialRunner.run(trial, new RuntimeConfig(2, DevicePreference.CPU),
                new TrialData(first(data.train(), MnistSample.TRAIN_COUNT), first(data.test(), MnistSample.TEST_COUNT),
                        data.fingerprint()), List.of());

        assertEquals(TrialStatus.COMPLETED, r.status());
        assertEquals(100, r.steps());
        List<StepMetrics> layer1 = r.stepMetrics().stream().filter(m -> m.layer() == 1).toList();
        double firstLoss = layer1.get(0).loss();
        double lastLoss = layer1.get(layer1.size() - 1).loss();
        assertTrue(lastLoss < firstLoss - 0.05, "layer 1 loss " + firstLoss + " -> " + lastLoss);
        // 100 steps on the sample: 50.9% measured (seed 42, 2 threads); a collapsed network gets 10%
        // (every class has 200 test images).
        assertTrue(r.testAccuracy() > 0.4, "test accuracy " + r.testAccuracy() + " (chance: 0.1)");
        assertFalse(r.collapsed());
        StepMetrics last = layer1.get(layer1.size() - 1);
        assertTrue(last.goodnessPos() > last.goodnessNeg(), "positives must end with more goodness than negatives");
    }
}
