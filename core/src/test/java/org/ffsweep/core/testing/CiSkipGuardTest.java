package org.ffsweep.core.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.ServiceLoader;

class CiSkipGuardTest {

    @Test
    void anAbortedTestFailsOnCi() {
        TestAbortedException skip = new TestAbortedException("Assumption failed: no data");
        Throwable t = CiSkipGuard.translate("someTest()", skip, true);
        assertInstanceOf(AssertionFailedError.class, t);
        assertTrue(t.getMessage().contains("someTest() would be skipped"), t.getMessage());
        assertTrue(t.getMessage().contains("no data"), t.getMessage());
        assertSame(skip, t.getCause());
    }

    @Test
    void elsewhereAnAbortedTestStaysSkipped() {
        TestAbortedException skip = new TestAbortedException("no data");
        assertSame(skip, CiSkipGuard.translate("someTest()", skip, false));
    }

    @Test
    void otherFailuresPassThroughUnchanged() {
        IllegalStateException e = new IllegalStateException("boom");
        assertSame(e, CiSkipGuard.translate("someTest()", e, true));
    }

    @Test
    void isRegisteredForAutodetection() {
        assertTrue(
                ServiceLoader.load(org.junit.jupiter.api.extension.Extension.class).stream()
                        .anyMatch(p -> p.type() == CiSkipGuard.class),
                "META-INF/services names CiSkipGuard");
    }
}
