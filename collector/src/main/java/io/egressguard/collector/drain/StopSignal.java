package io.egressguard.collector.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Asks a drain to stop after its current batch. SIGTERM and SIGINT are caught as signals rather
 * than with a shutdown hook, so the JVM is not already shutting down when the drain finishes: the
 * last batch commits and {@code Main} exits 0 as documented.
 */
public final class StopSignal implements AutoCloseable {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Sleeps up to {@code millis}, waking early on stop; returns whether stop was requested. */
    public boolean await(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Routes SIGTERM and SIGINT to {@link #stop()} until {@link #close()}. */
    public StopSignal onTerminationSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                previous.add(Signal.handle(signal, s -> stop()));
                signals.add(signal);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // signal not available here (e.g. INT ignored in a background job): keep the default
            }
        }
        return this;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        signals.clear();
        previous.clear();
    }
}
