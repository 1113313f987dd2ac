package org.ffsweep.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a stop request no logger speaks, also those that a log4j2 configuration names with a
 * level of their own ({@code org.apache.spark} at ERROR in ffsweep's), which a root-only change
 * ({@code SparkContext.setLogLevel}) leaves on: a cancelled task that ends after the session
 * stopped logs "Error in TaskCompletionListener" at ERROR through them.
 */
class SilenceLoggingTest {
    private static final String SPARK_TASK = "org.apache.spark.TaskContextImpl";

    @AfterEach
    void restore() {
        ((LoggerContext) LogManager.getContext(false)).reconfigure();
    }

    @Test
    void turnsOffLoggersWithALevelOfTheirOwn() {
        Configurator.setLevel("org.apache.spark", Level.ERROR); // as ffsweep's log4j2.properties
        assertTrue(LogManager.getLogger(SPARK_TASK).isErrorEnabled(), "the setup: Spark logs errors");

        SparkSweepRunner.silenceLogging();

        assertFalse(LogManager.getLogger(SPARK_TASK).isErrorEnabled(), "Spark's task logger");
        assertFalse(LogManager.getLogger("org.ffsweep.Anything").isErrorEnabled(), "the root logger");
        assertFalse(LogManager.getRootLogger().isFatalEnabled(), "not even FATAL");
    }
}
