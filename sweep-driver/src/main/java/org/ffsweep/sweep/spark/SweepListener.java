package org.ffsweep.sweep.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorExcluded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Watches the scheduler for the progress line and for what goes wrong outside the trials: how
 * many trial tasks run now, task attempts that failed (Spark retries those), executors lost or
 * excluded. Lines name an executor's host only when asked (not in local mode, where the host is
 * this machine). Driver only; events arrive on Spark's listener thread.
 */
final class SweepListener extends SparkListener {
    /** Job descriptions of trial jobs start with this. */
    static final String TRIAL_JOB = "ffsweep trial ";

    private final PrintStream progress;
    private final boolean showHosts;
    private final Map<Integer, String> trialStages = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();

    SweepListener(PrintStream progress, boolean showHosts) {
        this.progress = progress;
        this.showHosts = showHosts;
    }

    /** Trial tasks running now. */
    int running() {
        return running.get();
    }

    /** Task attempts of trials that failed (infrastructure; Spark retries them). */
    int failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        String description = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
        if (description != null && description.startsWith(TRIAL_JOB)) {
            trialStages.put(e.stageInfo().stageId(), description.substring(TRIAL_JOB.length()));
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        trialStages.remove(e.stageInfo().stageId());
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
        String trial = trialStages.get(e.stageId());
        if (trial != null) {
            running.incrementAndGet();
            progress.printf(Locale.ROOT, "started %s on executor %s%s%s%n", trialId(trial),
                    e.taskInfo().executorId(), host(e.taskInfo().host()),
                    e.taskInfo().attemptNumber() > 0 ? ", attempt " + e.taskInfo().attemptNumber() : "");
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        String trial = trialStages.get(e.stageId());
        if (trial == null) {
            return;
        }
        running.decrementAndGet();
        if (!(e.reason() instanceof Success$)) {
            failedAttempts.incrementAndGet();
            progress.printf(Locale.ROOT, "attempt %d of trial %s failed on executor %s%s: %s%n",
                    e.taskInfo().attemptNumber(), trialId(trial), e.taskInfo().executorId(), host(e.taskInfo().host()),
                    reason(e.reason()));
        }
    }

    /** " (host)" when hosts are shown, else "". */
    private String host(String host) {
        return showHosts ? " (" + host + ")" : "";
    }

    /** The trial id, the first word of a trial job's description ({@code TrialSpec.describe()}). */
    private static String trialId(String description) {
        int space = description.indexOf(' ');
        return space < 0 ? description : description.substring(0, space);
    }

    /** One line: the exception's class and message, or why the executor was lost. */
    static String reason(TaskEndReason r) {
        if (r instanceof ExceptionFailure f) {
            return f.className() + ": " + f.description();
        }
        String text = r instanceof TaskFailedReason f ? f.toErrorString() : r.toString();
        return text.lines().findFirst().orElse(r.getClass().getSimpleName());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        progress.printf(Locale.ROOT, "executor %s lost: %s%n", e.executorId(), e.reason());
    }

    @Override
    public void onExecutorExcluded(SparkListenerExecutorExcluded e) {
        progress.printf(Locale.ROOT, "executor %s excluded after %d failed task(s): it gets no more trials%n",
                e.executorId(), e.taskFailures());
    }
}
