package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The writer thread's loop: take from the ring, stamp {@code dropped}, encode, append. Behind a
 * free-space guard ({@link DiskSpace}: no append may reach the file system's reserve) and a circuit
 * breaker. Catches every Throwable: an I/O error or a full disk costs events, never the thread.
 */
final class JournalWriter implements Runnable {
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path directory;
    private final EventRing<Event> ring;
    /** Aggregates of what the ring had no room for; null: none. */
    private final OverflowTable overflow;
    private final JournalSettings settings;
    private final JournalSink.Factory sinks;
    private final LongAdder dropped;
    private final Consumer<String> warn;
    private final CircuitBreaker breaker;
    private final RecordBuffer record = new RecordBuffer();

    /** Set while the writer is about to park, so offer() knows to unpark it. */
    volatile boolean waiting;
    /** Records taken by {@link #next} and either written or dropped. */
    volatile long processed;
    /** Records {@link #next} took or is taking: counted before it polls, so that flush() never sees a table empty
     *  while the record it gave up is unwritten. */
    private volatile long claimed;
    /** {@link #next} alternates while both have records: a ring kept full by a flood must not starve the table. */
    private boolean overflowTurn;
    volatile long written;
    /** Drops already stamped into a written event; dropped - reportedDrops are still to be told. */
    volatile long reportedDrops;
    private volatile boolean stopping;

    private final DiskSpace space;
    private JournalSink sink;
    private boolean encodeWarned;

    JournalWriter(Path directory, EventRing<Event> ring, OverflowTable overflow, JournalSettings settings,
                  JournalSink.Factory sinks, LongAdder dropped, Consumer<String> warn) {
        this.directory = directory;
        this.ring = ring;
        this.overflow = overflow;
        this.settings = settings;
        this.sinks = sinks;
        this.dropped = dropped;
        this.warn = warn;
        this.breaker = new CircuitBreaker(settings.backoffMillis, settings.maxBackoffMillis);
        this.space = new DiskSpace(directory.toString(), settings.volume != null ? settings.volume : DiskSpace.of(directory.toFile()),
                settings.minFreeBytes, settings.freeSpaceCheckMillis, warn);
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            for (;;) {
                Event e = next();
                if (e == null) {
                    if (stopping) {
                        return;
                    }
                    idle();
                    continue;
                }
                try {
                    write(e);
                } catch (Throwable t) {
                    // an asynchronous InternalError may surface anywhere in write(), not only in append
                    failed(t);
                    dropped.increment();
                } finally {
                    processed++;
                }
            }
        } finally {
            closeSink();
        }
    }

    /**
     * The next record to write: the ring's next event or the overflow table's next aggregate (in
     * turn while both have one), or null when both are empty. The one place records are taken.
     */
    Event next() {
        claimed++;
        Event e = null;
        if (overflow != null && overflowTurn) {
            e = overflow.poll();
        }
        if (e == null) {
            e = ring.poll();
            overflowTurn = e != null;
        } else {
            overflowTurn = false;
        }
        if (e == null && overflow != null) {
            e = overflow.poll();
        }
        if (e == null) {
            claimed--;
        }
        return e;
    }

    /**
     * Everything offered before the ring accepted {@code ringTicket} events is written or dropped: the ring
     * taken that far, the overflow table empty, and the last record taken processed.
     */
    boolean caughtUp(long ringTicket) {
        if (ring.taken() < ringTicket || (overflow != null && overflow.pendingAttempts() > 0)) {
            return false;
        }
        long c = claimed;
        return processed >= c;
    }

    private void idle() {
        waiting = true;
        try {
            if (ring.accepted() == ring.taken() && !stopping) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        } finally {
            waiting = false;
        }
        Thread.interrupted(); // an interrupt must not turn the park into a spin
    }

    private void write(Event e) {
        long now = millis();
        if (!breaker.allows(now) || space.full(now)) {
            dropped.increment();
            return;
        }
        if (sink == null) {
            try {
                sink = sinks.open(directory, warn);
            } catch (Throwable t) {
                failed(t);
                dropped.increment();
                return;
            }
        }
        long pending = dropped.sum() - reportedDrops;
        e.dropped = pending;
        record.recycle();
        try {
            EventCodec.encode(e, record);
        } catch (Throwable t) {
            // a bug in this event, not in the disk: drop it without tripping the breaker
            if (!encodeWarned) {
                encodeWarned = true;
                warn.accept("egressguard: journal " + directory + " cannot encode an event: " + Journal.describe(t));
            }
            dropped.increment();
            return;
        }
        if (!space.take(record.size(), now)) {
            dropped.increment();
            return;
        }
        try {
            sink.append(record.array(), record.size());
        } catch (Throwable t) {
            failed(t);
            dropped.increment();
            return;
        }
        reportedDrops += pending;
        written++;
        if (breaker.success()) {
            warn.accept("egressguard: journal " + directory + " writes again; events dropped meanwhile are counted"
                    + " in the next record");
        }
    }

    private void failed(Throwable t) {
        closeSink();
        if (breaker.failure(millis())) {
            warn.accept("egressguard: journal " + directory + " write failed (" + Journal.describe(t)
                    + "); dropping events for " + breaker.backoffMillis() + " ms, then retrying");
        }
    }

    private void closeSink() {
        JournalSink s = sink;
        sink = null;
        if (s != null) {
            try {
                s.close();
            } catch (Throwable ignored) {
                // the sink failed already or is going away; its mapped files are released with it
            }
        }
    }

    private static long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
