package org.ffsweep.sweep.cli;

import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the CLI's Spark sessions. In local mode every port Spark opens (driver RPC, block
 * manager) binds to 127.0.0.1 and advertises that address, and the web UI is off, unless the
 * user set these keys ({@code spark.*} system properties, {@code spark-submit --conf}); and the
 * driver never declares its in-process executor lost for want of heartbeats (see {@link
 * #HEARTBEAT_TIMEOUT}). A master URL that Spark cannot parse is bad input. Driver only.
 */
final class SparkSessions {
    /** The address local mode binds to and advertises. */
    static final String LOOPBACK = "127.0.0.1";

    /** The master URLs Spark 4.1 knows, as the user writes them. */
    static final String MASTER_FORMS = "local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT,"
            + " yarn or k8s://URL";
    private static final Pattern MASTER = Pattern.compile("local|local\\[(\\*|[1-9]\\d*)(\\s*,\\s*[1-9]\\d*)?\\]"
            + "|local-cluster\\[\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*\\]|spark://\\S+|yarn|k8s://\\S+");

    /**
     * Spark's key for how long the driver waits for an executor's heartbeat before it declares the
     * executor lost ({@code spark.network.timeout}, 120 s, when unset), and its older name. In local
     * mode the executor lives in the driver's JVM and cannot be lost apart from it; but a JVM paused
     * for longer than the timeout (a laptop's sleep, SIGSTOP, a debugger) wakes to find no heartbeat
     * for that long, and Spark then drops the executor and, minutes later, the whole context, with
     * the running trials (SweepPauseIT). So local mode sets it to {@link #LOCAL_HEARTBEAT_TIMEOUT}
     * unless the user set either name.
     */
    static final String HEARTBEAT_TIMEOUT = "spark.storage.blockManagerHeartbeatTimeoutMs";
    private static final String HEARTBEAT_TIMEOUT_OLD_NAME = "spark.storage.blockManagerSlaveTimeoutMs";

    /** The heartbeat timeout of local mode: a year, which no pause reaches. */
    static final String LOCAL_HEARTBEAT_TIMEOUT = "365d";

    private SparkSessions() {}

    /** Whether {@code master} runs everything in this JVM ({@code local}, {@code local[N]}, {@code local[N,F]}). */
    static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /**
     * {@code conf} with the loopback, heartbeat-timeout and UI settings for local mode added where
     * unset; the master must be set.
     */
    static SparkConf withLocalDefaults(SparkConf conf) {
        conf.setIfMissing("spark.ui.enabled", "false");
        if (isLocal(conf.get("spark.master"))) {
            conf.setIfMissing("spark.driver.bindAddress", LOOPBACK)
                    .setIfMissing("spark.driver.host", LOOPBACK);
            if (!conf.contains(HEARTBEAT_TIMEOUT) && !conf.contains(HEARTBEAT_TIMEOUT_OLD_NAME)) {
                conf.set(HEARTBEAT_TIMEOUT, LOCAL_HEARTBEAT_TIMEOUT);
            }
        }
        return conf;
    }

    /**
     * Checks that {@code master} has one of {@link #MASTER_FORMS}, before anything is written.
     *
     * @throws BadInputException when it does not
     */
    static void checkMaster(String master) {
        if (!MASTER.matcher(master).matches()) {
            throw new BadInputException("bad --master '" + master + "': expected " + MASTER_FORMS);
        }
    }

    /**
     * Starts (or returns the running) session for {@code conf}, whose master must be set.
     *
     * @throws BadInputException when the master URL is not one of {@link #MASTER_FORMS} (checked
     *     before Spark starts, which would log a stack trace), or Spark refuses it
     */
    static SparkSession start(SparkConf conf) {
        String master = conf.get("spark.master");
        checkMaster(master);
        try {
            return SparkSession.builder().config(withLocalDefaults(conf)).getOrCreate();
        } catch (Exception e) { // Scala throws SparkException, a checked exception, undeclared
            String m = String.valueOf(e.getMessage());
            if (m.startsWith("Could not parse Master URL") || m.startsWith("Asked to run locally with")) {
                throw new BadInputException("bad --master '" + master + "': " + m.lines().findFirst().orElse(m));
            }
            throw e;
        }
    }
}
