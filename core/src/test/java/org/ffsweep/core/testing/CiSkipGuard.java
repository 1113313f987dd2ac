package org.ffsweep.core.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true}, a test that would be skipped by a failed assumption fails instead: a CI
 * run that skips a test has not tested it. Elsewhere, assumptions behave as usual.
 *
 * <p>Registered for every test of every module by JUnit's extension auto-detection: {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension} in core's test resources (and so in
 * its test jar), with {@code junit.jupiter.extensions.autodetection.enabled=true} set by the
 * parent pom for Surefire and Failsafe. Tests disabled outright ({@code @Disabled}) are caught by
 * {@code .ci/run}, which fails when a test report counts a skipped test.
 */
public final class CiSkipGuard
        implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** Whether this JVM runs under CI: the environment variable {@code CI} is {@code true}. */
    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw failOnCi(context, t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t)
            throws Throwable {
        throw failOnCi(context, t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t)
            throws Throwable {
        throw failOnCi(context, t);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t)
            throws Throwable {
        throw failOnCi(context, t);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t)
            throws Throwable {
        throw failOnCi(context, t);
    }

    private static Throwable failOnCi(ExtensionContext context, Throwable t) {
        return translate(context.getDisplayName(), t, onCi());
    }

    /** Returns what to throw for {@code t}: on CI, a failure in place of an aborted (skipped) test. */
    static Throwable translate(String test, Throwable t, boolean ci) {
        if (ci && t instanceof TestAbortedException) {
            return new AssertionFailedError(
                    test + " would be skipped, and CI=true forbids skips: " + t.getMessage(), t);
        }
        return t;
    }
}
