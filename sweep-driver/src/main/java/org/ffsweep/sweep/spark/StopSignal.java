package org.ffsweep.sweep.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a request to stop, for as long as it is open: the first
 * signal sets {@link #requested()} and runs the action once (the sweep cancels its Spark jobs and
 * ends in order); a second one exits at once with code 130. Closing restores the previous
 * handlers. Driver only.
 */
final class StopSignal implements AutoCloseable {
    /** The exit code of a process that Ctrl-C stopped (128 + SIGINT). */
    static final int EXIT_CODE = 130;
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignal(Runnable onStop) {
        SignalHandler handler = sig -> {
            if (requested.compareAndSet(false, true)) {
                onStop.run();
            } else {
                System.exit(EXIT_CODE);
            }
        };
        for (String name : SIGNALS) {
            try {
                Signal s = new Signal(name);
                previous.add(Signal.handle(s, handler));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // the JVM reserves it (-Xrs) or the platform lacks it: the default behaviour stays
            }
        }
    }

    /** Handles SIGINT and SIGTERM until closed; {@code onStop} runs on the first one, on the signal thread. */
    static StopSignal install(Runnable onStop) {
        return new StopSignal(onStop);
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
