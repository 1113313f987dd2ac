package org.ffsweep.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The settings {@link SparkSessions#withLocalDefaults} adds, and the ones it leaves to the user. */
class SparkSessionsTest {
    private static SparkConf conf(String master) {
        return new SparkConf(false).setMaster(master);
    }

    @Test
    void localModeBindsToLoopbackAndNeverTimesItsOwnExecutorOut() {
        for (String master : new String[] {"local", "local[2]", "local[*]", "local[2,3]"}) {
            SparkConf c = SparkSessions.withLocalDefaults(conf(master));
            assertEquals("127.0.0.1", c.get("spark.driver.bindAddress"), master);
            assertEquals("127.0.0.1", c.get("spark.driver.host"), master);
            assertEquals("false", c.get("spark.ui.enabled"), master);
            assertEquals("365d", c.get(SparkSessions.HEARTBEAT_TIMEOUT), master);
            // as Spark reads it: a time in milliseconds
            assertEquals(365L * 24 * 3600 * 1000, c.getTimeAsMs(SparkSessions.HEARTBEAT_TIMEOUT), master);
        }
    }

    @Test
    void theUsersSettingsWinUnderEitherName() {
        SparkConf set = SparkSessions.withLocalDefaults(conf("local[2]")
                .set(SparkSessions.HEARTBEAT_TIMEOUT, "300s").set("spark.driver.host", "10.0.0.5"));
        assertEquals("300s", set.get(SparkSessions.HEARTBEAT_TIMEOUT));
        assertEquals("10.0.0.5", set.get("spark.driver.host"));

        SparkConf old = SparkSessions.withLocalDefaults(conf("local[2]")
                .set("spark.storage.blockManagerSlaveTimeoutMs", "300000"));
        assertFalse(old.contains(SparkSessions.HEARTBEAT_TIMEOUT), "the older name is Spark's alternative key");
        assertEquals("300000", old.get("spark.storage.blockManagerSlaveTimeoutMs"));
    }

    @Test
    void executorsInOtherJvmsKeepSparksTimeout() {
        for (String master : new String[] {"spark://127.0.0.1:7077", "local-cluster[2,1,1024]", "yarn"}) {
            SparkConf c = SparkSessions.withLocalDefaults(conf(master));
            assertFalse(c.contains(SparkSessions.HEARTBEAT_TIMEOUT), master);
            assertFalse(c.contains("spark.driver.host"), master);
            assertEquals("false", c.get("spark.ui.enabled"), master);
        }
    }
}
