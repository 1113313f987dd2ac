package org.ffsweep.core.unsup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.ffsweep.core.train.ImageSet;
import org.ffsweep.core.util.SavableRandom;
import org.junit.jupiter.api.Test;

/** The study's positive pairs: another training image of the same class. */
class ClassPartnersTest {

    @Test
    void partnersShareTheClassAndComeFromTheRowsInUse() {
        ImageSet set = HybridImagesTest.constantImages(100); // label = index % 10
        int[] inUse = new int[50];
        for (int i = 0; i < 50; i++) {
            inUse[i] = 2 * i; // even rows only: labels 0, 2, 4, 6, 8
        }
        ClassPartners partners = new ClassPartners(set, inUse);
        int[] rows = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18};
        Set<Integer> seen = new HashSet<>();
        SavableRandom rng = new SavableRandom(5);
        for (int round = 0; round < 50; round++) {
            int[] p = partners.draw(rows, rng);
            for (int i = 0; i < rows.length; i++) {
                assertEquals(set.label(rows[i]), set.label(p[i]), "same class");
                assertEquals(0, p[i] % 2, "from the rows in use");
                seen.add(p[i]);
            }
        }
        assertTrue(seen.size() > 40, "partners vary: " + seen.size() + " different rows");
    }

    @Test
    void aClassWithoutImagesIsAnError() {
        ImageSet set = HybridImagesTest.constantImages(20);
        ClassPartners partners = new ClassPartners(set, new int[] {0, 10, 1, 11}); // classes 0 and 1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> partners.draw(new int[] {2}, new SavableRandom(1)));
        assertTrue(e.getMessage().contains("class 2"), e.getMessage());
    }
}
