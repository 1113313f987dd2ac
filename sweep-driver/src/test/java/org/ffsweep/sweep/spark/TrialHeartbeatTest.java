package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ffsweep.core.train.Decision;
import org.ffsweep.core.train.EvalMetrics;
import org.ffsweep.core.train.StepEvent;
import org.junit.jupiter.api.Test;

class TrialHeartbeatTest {

    private static StepEvent step(long s) {
        return new StepEvent(s, 12_000, (int) s, 1, new float[] {0.3f}, List.of(), s);
    }

    @Test
    void printsStepSpeedTimeLeftAndTheLastEvaluation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TrialHeartbeat beat = new TrialHeartbeat("65b77c96133aaaef", out, 0);
        assertEquals(Decision.CONTINUE, beat.onStep(step(1001))); // a resumed trial: its first step starts the clock
        assertEquals(Decision.CONTINUE,
                beat.onEval(new EvalMetrics(1000, 1000, 1, Double.NaN, 0.1135, 1, true, 1.0), 10));
        assertEquals(Decision.CONTINUE, beat.onStep(step(1002)));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("trial 65b77c96133aaaef: step 1002/12000 (8.4%), "), text);
        assertTrue(text.contains("left | step 1000: test 11.35% (collapsed: one label for every test image)"), text);
    }

    @Test
    void staysQuietWithinTheInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrialHeartbeat beat = new TrialHeartbeat("t", new PrintStream(bytes, true, StandardCharsets.UTF_8), 3600);
        for (long s = 1; s <= 50; s++) {
            beat.onStep(step(s));
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void timeLeftReadsInSecondsMinutesOrHours() {
        assertEquals("90 s", TrialHeartbeat.duration(90));
        assertEquals("50 min", TrialHeartbeat.duration(3000));
        assertEquals("3.5 h", TrialHeartbeat.duration(12_600));
    }

    @Test
    void lineGivesTheSpeedSinceTheFirstStepHeard() {
        TrialHeartbeat beat = new TrialHeartbeat("t", new PrintStream(new ByteArrayOutputStream()), 0);
        beat.onStep(step(1));
        assertEquals("trial t: step 11/12000 (0.1%), 2.000 s/step, about 6.7 h left", beat.line(11, 12_000, 22.0));
    }
}
