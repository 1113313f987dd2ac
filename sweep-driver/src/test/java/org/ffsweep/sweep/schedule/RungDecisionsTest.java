package org.ffsweep.sweep.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ffsweep.sweep.schedule.RungDecisions.Decision;
import org.ffsweep.sweep.schedule.RungDecisions.Report;
import org.junit.jupiter.api.Test;

class RungDecisionsTest {
    private static final List<String> NINE = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");

    private static Map<String, Report> reports(double... values) {
        Map<String, Report> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(NINE.get(i), new Report(values[i], false));
        }
        return m;
    }

    private static String promoted(List<Decision> ds) {
        StringBuilder b = new StringBuilder();
        ds.stream().filter(Decision::promoted).forEach(d -> b.append(d.trialId()));
        return b.toString();
    }

    @Test
    void ashaPromotesTheBestOfEachPrefixInTrialOrder() {
        // after 3 reports: best of a,b,c = b; after 6: best 2 of a..f = b, e; after 9: best 3 = b, e, h
        Map<String, Report> r = reports(0.1, 0.9, 0.2, 0.3, 0.8, 0.4, 0.5, 0.7, 0.6);
        assertEquals("b", promoted(RungDecisions.decide(true, 3, false, NINE, sub(r, 3))));
        assertEquals("be", promoted(RungDecisions.decide(true, 3, false, NINE, sub(r, 6))));
        List<Decision> all = RungDecisions.decide(true, 3, false, NINE, r);
        assertEquals("beh", promoted(all));
        assertEquals(9, all.size(), "a complete rung decides every trial");
        assertEquals(List.of("a", "c", "d", "f", "g", "i"), all.stream().filter(d -> !d.promoted())
                .map(Decision::trialId).toList());
    }

    @Test
    void aPromotionIsNeverTakenBack() {
        // a is best of the first 3 and stays promoted though d and e, the best 2 of 6, are better:
        // like ASHA, a rung can promote more than 1/eta of its trials when early ones look good
        Map<String, Report> r = reports(0.5, 0.1, 0.2, 0.9, 0.8, 0.7);
        assertEquals("ade", promoted(RungDecisions.decide(true, 3, false, NINE.subList(0, 6), r)));
    }

    @Test
    void reportsOutOfTrialOrderWaitForTheEarlierOnes() {
        Map<String, Report> r = new HashMap<>(reports(0.1, 0.9, 0.2));
        r.remove("a");
        assertEquals(List.of(), RungDecisions.decide(true, 3, false, NINE, r));
    }

    @Test
    void decisionsDependOnTheReportsNotOnTheirArrival() {
        Random rnd = new Random(7);
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            v[i] = rnd.nextDouble();
        }
        Map<String, Report> full = reports(v);
        List<Decision> expected = RungDecisions.decide(true, 3, false, NINE, full);
        List<String> order = new ArrayList<>(NINE);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(order, rnd);
            Map<String, Report> seen = new HashMap<>();
            List<Decision> soFar = List.of();
            for (String id : order) {
                seen.put(id, full.get(id));
                List<Decision> now = RungDecisions.decide(true, 3, false, NINE, seen);
                for (Decision d : soFar) {
                    assertEquals(d, now.stream().filter(x -> x.trialId().equals(d.trialId())).findFirst().orElseThrow(),
                            "a decision made stays made");
                }
                soFar = now;
            }
            assertEquals(expected, soFar);
        }
    }

    @Test
    void successiveHalvingWaitsForTheWholeRung() {
        Map<String, Report> r = reports(0.1, 0.9, 0.2, 0.3, 0.8, 0.4, 0.5, 0.7, 0.6);
        assertEquals(List.of(), RungDecisions.decide(false, 3, false, NINE, sub(r, 8)));
        assertEquals("beh", promoted(RungDecisions.decide(false, 3, false, NINE, r)));
        assertEquals("b", promoted(RungDecisions.decide(false, 3, false, NINE.subList(0, 2), sub(r, 2))),
                "at least one goes on");
    }

    @Test
    void thePlateauGuardPromotesCollapsedTrialsWithoutTakingAPlace() {
        Map<String, Report> r = reports(0.1, 0.9, 0.2, 0.3, 0.8, 0.4);
        r.put("a", new Report(0.1, true));
        r.put("c", new Report(0.1, true));
        // guarded: a, c go on; among b, d, e, f (4 off the plateau) the best 1 = b
        assertEquals("abc", promoted(RungDecisions.decide(true, 3, true, NINE.subList(0, 6), r)));
        // unguarded: ranked like the rest: best 2 of 6 = b, e
        assertEquals("be", promoted(RungDecisions.decide(true, 3, false, NINE.subList(0, 6), r)));
    }

    @Test
    void tiesGoToTheEarlierTrialAndNaNRanksLast() {
        Map<String, Report> r = reports(Double.NaN, 0.5, 0.5);
        assertEquals("b", promoted(RungDecisions.decide(false, 3, false, NINE.subList(0, 3), r)));
        assertThrows(IllegalArgumentException.class, () -> RungDecisions.decide(true, 1, false, NINE, r));
    }

    @Test
    void equalValuesAreRankedByTheTieBreakThenByTrialOrder() {
        // six trials on the plateau, all at the same (rounded) validation accuracy: the separation
        // decides; equal separations go to the earlier trial; a trial without one ranks after the rest
        Map<String, Report> r = new LinkedHashMap<>();
        r.put("a", new Report(0.113, 0.0001, true));
        r.put("b", new Report(0.113, Double.NaN, true));
        r.put("c", new Report(0.113, 0.0040, true));
        r.put("d", new Report(0.113, -0.0010, true));
        r.put("e", new Report(0.113, 0.0040, true));
        r.put("f", new Report(0.113, 0.0020, true));
        List<String> six = NINE.subList(0, 6);
        assertEquals("ce", promoted(RungDecisions.decide(false, 3, false, six, r)));
        assertEquals("c", promoted(RungDecisions.decide(false, 6, false, six, r)), "c before e: trial order");
        // asha: after 3 reports the best of a, b, c is c; after 6, the best 2 of all are c and e
        assertEquals("c", promoted(RungDecisions.decide(true, 3, false, six, sub(r, 3))));
        assertEquals("ce", promoted(RungDecisions.decide(true, 3, false, six, r)));
        // the value comes first: a higher accuracy wins over any separation
        r.put("d", new Report(0.114, -0.5, false));
        assertEquals("cd", promoted(RungDecisions.decide(false, 3, false, six, r)));
        // b without a separation is ranked last among equals, not first
        Map<String, Report> two = new LinkedHashMap<>();
        two.put("a", new Report(0.5, Double.NaN, false));
        two.put("b", new Report(0.5, -1, false));
        assertEquals("b", promoted(RungDecisions.decide(false, 2, false, NINE.subList(0, 2), two)));
        // without a tie-break (the other metrics) equal values go to the earlier trial, as before
        two.put("b", new Report(0.5, false));
        assertEquals("a", promoted(RungDecisions.decide(false, 2, false, NINE.subList(0, 2), two)));
    }

    private static Map<String, Report> sub(Map<String, Report> r, int n) {
        Map<String, Report> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(NINE.get(i), r.get(NINE.get(i)));
        }
        return m;
    }
}
