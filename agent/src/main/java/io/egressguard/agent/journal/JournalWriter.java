package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.EventIds;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The writer thread's loop: take from the ring (or the overflow table), stamp {@code dropped}, encode,
 * append. Behind a free-space guard ({@link DiskSpace}: no append may reach the file system's reserve)
 * and a circuit breaker. Catches every Throwable: an I/O error or a full disk costs events, never the thread.
 *
 * <p>Chronicle takes about half a second of CPU to open (seconds of wall time on a crowded host,
 * docs/BENCHMARKS.md "Journal start"), so it opens on a thread of its own while the writer puts
 * events into the spill file in front of it, which opens in a few milliseconds; the writer moves to
 * Chronicle once it is ready. At the JVM's exit, {@link #handOver} makes the exit spill the
 * consumer: the ring has one consumer, so taking an event ({@link #next}) happens only under
 * {@link #consumer}, and after the hand-over the writer takes none.
 */
final class JournalWriter implements Runnable {
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** After Chronicle failed to open, the writer keeps to the spill file this long before trying again. */
    private static final long REOPEN_AFTER_MILLIS = 60_000;
    /** The drop count gets this long even when the events used up the exit spill's time. */
    private static final long DROP_ENTRY_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path directory;
    private final EventRing<Event> ring;
    /** Aggregates of what the ring had no room for; null: none. */
    private final OverflowTable overflow;
    private final JournalSettings settings;
    private final JournalSink.Factory sinks;
    private final JournalSink.Factory fronts;
    private final LongAdder dropped;
    private final Consumer<String> warn;
    private final CircuitBreaker breaker;
    private final RecordBuffer record = new RecordBuffer();

    /** Taking from the ring and the drop bookkeeping: the writer, or after the hand-over the exit spill. */
    private final ReentrantLock consumer = new ReentrantLock();
    /** Under {@link #consumer}: set once by the exit spill; the writer takes no event after it. */
    private boolean handedOver;
    /** Under {@link #consumer}: the event the writer took and has not finished; the exit spill writes it again. */
    private Event inHand;
    /** Drops already stamped into a taken event: dropped - reportedDrops are still to be told. Under {@link #consumer}. */
    private long reportedDrops;

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
    private volatile boolean stopping;

    private JournalSink chronicle;
    private volatile JournalSink front;
    /** Published by the opener thread; the writer adopts it. */
    private volatile JournalSink opened;
    private volatile Throwable openFailure;
    private volatile boolean opening;
    private long reopenAt = Long.MIN_VALUE;
    private final DiskSpace space;
    private boolean encodeWarned;
    /** Chronicle failed and has not been reopened since: said once. */
    private boolean chronicleFailing;

    JournalWriter(Path directory, EventRing<Event> ring, OverflowTable overflow, JournalSettings settings, JournalSink.Factory sinks,
                  JournalSink.Factory fronts, LongAdder dropped, Consumer<String> warn) {
        this.directory = directory;
        this.ring = ring;
        this.overflow = overflow;
        this.settings = settings;
        this.sinks = sinks;
        this.fronts = fronts;
        this.dropped = dropped;
        this.warn = warn;
        this.breaker = new CircuitBreaker(settings.backoffMillis, settings.maxBackoffMillis);
        this.space = new DiskSpace(directory.toString(), settings.volume != null ? settings.volume : DiskSpace.of(directory.toFile()),
                settings.minFreeBytes, settings.freeSpaceCheckMillis, warn);
    }

    void stop() {
        stopping = true;
    }

    /**
     * The next record to write: the ring's next event or the overflow table's next aggregate (in
     * turn while both have one), or null when both are empty. The one place records are taken (the writer and the exit
     * spill both); call under {@link #consumer}.
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

    /** Counts one lost event: the one place drops are counted on the consumer's side. */
    private void drop(Event e) {
        Journal.countDrop(dropped, e);
    }

    @Override
    public void run() {
        try {
            for (;;) {
                try {
                    if (!step()) {
                        return;
                    }
                } catch (Throwable t) {
                    // only an Error from the bookkeeping itself (an OutOfMemoryError, say) gets here:
                    // the writer goes on; an event it held stays in hand, and the exit spill writes it
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
        } finally {
            closeChronicle();
        }
    }

    /** Takes and writes one event, or idles; false when the writer is done. */
    private boolean step() {
        Event e;
        consumer.lock();
        try {
            if (handedOver) {
                return false;
            }
            e = next();
            if (e != null) {
                stamp(e);
                inHand = e;
            }
        } finally {
            consumer.unlock();
        }
        if (e == null) {
            if (stopping) {
                return false;
            }
            idle();
            return true;
        }
        boolean ok;
        try {
            ok = write(e);
        } catch (Throwable t) {
            // an asynchronous InternalError may surface anywhere in write(), not only in append
            failed(t, null);
            ok = false;
        }
        finished(e, ok);
        return true;
    }

    /** Gives the event the drops not told yet: the record that reaches the store counts them. Under {@link #consumer}. */
    private void stamp(Event e) {
        long pending = dropped.sum() - reportedDrops;
        e.dropped = pending;
        reportedDrops += pending;
    }

    private void finished(Event e, boolean ok) {
        consumer.lock();
        try {
            if (handedOver) {
                return; // the exit spill wrote it again (same id and stamp): its bookkeeping now
            }
            inHand = null;
            if (ok) {
                written++;
            } else {
                drop(e);
                reportedDrops -= e.dropped; // its stamp never reached a file
            }
            processed++;
        } finally {
            consumer.unlock();
        }
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

    private boolean write(Event e) {
        long now = millis();
        if (!breaker.allows(now) || space.full(now)) {
            return false;
        }
        record.recycle();
        try {
            EventCodec.encode(e, record);
        } catch (Throwable t) {
            // a bug in this event, not in the disk: drop it without tripping the breaker
            if (!encodeWarned) {
                encodeWarned = true;
                warn.accept("egressguard: journal " + directory + " cannot encode an event: " + Journal.describe(t));
            }
            return false;
        }
        JournalSink target;
        try {
            target = target(now);
        } catch (Throwable t) {
            failed(t, null);
            return false;
        }
        if (!space.take(record.size(), now)) {
            return false;
        }
        try {
            target.append(record.array(), record.size());
        } catch (Throwable t) {
            if (target != chronicle) {
                failed(t, target);
                return false;
            }
            // Chronicle failed (or its own shutdown hook closed it as the JVM exits): the spill
            // file takes this event and the next ones while Chronicle is reopened later
            chronicleFailed(t, now);
            try {
                front().append(record.array(), record.size());
            } catch (Throwable spillFailed) {
                failed(spillFailed, null);
                return false;
            }
        }
        if (breaker.success()) {
            warn.accept("egressguard: journal " + directory + " writes again; events dropped meanwhile are counted"
                    + " in the next record");
        }
        return true;
    }

    /** Chronicle when it is open, else the spill file (Chronicle's opening is started if it is not under way). */
    private JournalSink target(long now) throws Exception {
        if (chronicle == null) {
            JournalSink ready = opened;
            if (ready != null) {
                opened = null;
                chronicle = ready;
                chronicleFailing = false;
                return ready;
            }
            Throwable failure = openFailure;
            if (failure != null) {
                openFailure = null;
                reopenAt = now + REOPEN_AFTER_MILLIS;
                warn.accept("egressguard: journal " + directory + " cannot open its Chronicle queue (" + Journal.describe(failure)
                        + "); events go to " + SpillFile.NAME + ", which the collector drains too; retrying in "
                        + REOPEN_AFTER_MILLIS / 1000 + " s");
            }
            if (!opening && (reopenAt == Long.MIN_VALUE || now - reopenAt >= 0)) {
                startOpening();
            }
            return front();
        }
        return chronicle;
    }

    /** The spill file, opened on first use by the writer or the exit spill, whichever comes first. */
    private JournalSink front() throws Exception {
        JournalSink f = front;
        if (f == null) {
            synchronized (this) {
                f = front;
                if (f == null) {
                    f = fronts.open(directory, warn);
                    front = f;
                }
            }
        }
        return f;
    }

    private void startOpening() {
        opening = true;
        try {
            Thread t = new Thread(null, new Opener(), Journal.THREAD_NAME + "-open", 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(JournalWriter.class.getClassLoader());
            t.start();
        } catch (Throwable t) {
            opening = false;
            openFailure = t;
        }
    }

    /** Opens Chronicle off the writer thread, so that the writer keeps taking events meanwhile. */
    private final class Opener implements Runnable {
        @Override
        public void run() {
            try {
                JournalSink sink = sinks.open(directory, warn);
                if (stopping || isHandedOver()) {
                    sink.close(); // the JVM is leaving: the exit spill has what is left
                } else {
                    opened = sink;
                }
            } catch (Throwable t) {
                openFailure = t;
            } finally {
                opening = false;
            }
        }
    }

    private boolean isHandedOver() {
        consumer.lock();
        try {
            return handedOver;
        } finally {
            consumer.unlock();
        }
    }

    /**
     * The exit spill: from now on the caller (the shutdown hook) is the consumer. Writes the event the
     * writer holds (again: stores keep one per id) and every event still waiting to the spill file,
     * then a record of the drops not yet told, and fsyncs, all before {@code deadlineNanos} whatever
     * Chronicle or the writer thread are doing. What it cannot write in time is dropped and counted.
     */
    ExitSpill handOver(long deadlineNanos) {
        ExitSpill result = new ExitSpill();
        try {
            if (!consumer.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                result.lockTimedOut = true;
                return result;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.lockTimedOut = true;
            return result;
        }
        try {
            handedOver = true;
            RecordBuffer buffer = new RecordBuffer();
            Event held = inHand;
            inHand = null;
            if (held != null) {
                // a copy: the writer may still be encoding the original; it keeps its id and stamp
                if (!spill(held.copy(), buffer, deadlineNanos, result)) {
                    drop(held);
                    reportedDrops -= held.dropped;
                }
            }
            for (Event e = next(); e != null; e = next()) {
                if (System.nanoTime() - deadlineNanos >= 0) {
                    drop(e);
                    result.late++;
                    continue;
                }
                stamp(e);
                if (!spill(e, buffer, deadlineNanos, result)) {
                    drop(e);
                    reportedDrops -= e.dropped;
                }
            }
            long pending = dropped.sum() - reportedDrops;
            if (pending > 0) {
                Event drops = dropCount(pending);
                reportedDrops += pending;
                if (spill(drops, buffer, Math.max(deadlineNanos, System.nanoTime() + DROP_ENTRY_GRACE_NANOS), result)) {
                    result.dropsRecorded = pending;
                } else {
                    reportedDrops -= pending;
                }
            }
            JournalSink f = front;
            if (f != null) {
                try {
                    result.synced = f.force(Math.max(deadlineNanos, System.nanoTime() + DROP_ENTRY_GRACE_NANOS));
                } catch (Throwable t) {
                    result.failure = t;
                }
            }
            result.unreported = dropped.sum() - reportedDrops;
        } finally {
            consumer.unlock();
        }
        return result;
    }

    /** A record that stands for no attempt (count 0): it only carries the drops since the last record. */
    static Event dropCount(long pending) {
        Event e = new Event();
        long now = System.currentTimeMillis();
        e.id = EventIds.next(now);
        e.time = now * 1_000_000L;
        e.count = 0;
        e.dropped = pending;
        return e;
    }

    private boolean spill(Event e, RecordBuffer buffer, long deadlineNanos, ExitSpill result) {
        try {
            buffer.recycle();
            EventCodec.encode(e, buffer);
            // The exit spill keeps the reserve like the writer; only the record of the drops, a few
            // hundred bytes, may go into it, so that the count reaches a file.
            if (e.count > 0 && !space.take(buffer.size(), millis())) {
                return false;
            }
            if (front().append(buffer.array(), buffer.size(), deadlineNanos)) {
                if (e.count > 0) {
                    result.spilled++;
                }
                return true;
            }
            result.late++;
        } catch (Throwable t) {
            if (result.failure == null) {
                result.failure = t;
            }
        }
        return false;
    }

    /** What the exit spill did, for Journal.close's lines. */
    static final class ExitSpill {
        int spilled;
        /** Events dropped because the deadline came first. */
        int late;
        long dropsRecorded;
        /** Drops that no file tells (the drop record could not be written). */
        long unreported;
        boolean synced;
        boolean lockTimedOut;
        Throwable failure;
    }

    private void chronicleFailed(Throwable t, long now) {
        closeChronicle();
        reopenAt = now + settings.backoffMillis;
        if (!chronicleFailing && !jvmExiting()) {
            chronicleFailing = true;
            warn.accept("egressguard: journal " + directory + " Chronicle write failed (" + Journal.describe(t)
                    + "); events go to " + SpillFile.NAME + " until it reopens");
        }
    }

    /** Chronicle's own shutdown hook closes its queues as the JVM exits: that failure is no news. */
    private static boolean jvmExiting() {
        try {
            Runtime.getRuntime().removeShutdownHook(new Thread(null, null, "egressguard-probe", 0, false));
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        } catch (RuntimeException other) {
            return false;
        }
    }

    /** A failed write: Chronicle is closed (reopened later, the spill file meanwhile); the spill file stays open. */
    private void failed(Throwable t, JournalSink target) {
        if (target == null || target == chronicle) {
            closeChronicle();
        }
        if (breaker.failure(millis())) {
            warn.accept("egressguard: journal " + directory + " write failed (" + Journal.describe(t)
                    + "); dropping events for " + breaker.backoffMillis() + " ms, then retrying");
        }
    }

    private void closeChronicle() {
        JournalSink s = chronicle;
        chronicle = null;
        if (s != null) {
            try {
                s.close();
            } catch (Throwable ignored) {
                // the sink failed already or is going away; its mapped files are released with it
            }
        }
    }

    /** Closes the spill file once nobody writes to it any more (after the exit spill, or at a test's close). */
    void closeFront() {
        JournalSink f = front;
        front = null;
        if (f != null) {
            f.close();
        }
        JournalSink late = opened;
        opened = null;
        if (late != null) {
            late.close();
        }
    }

    private static long millis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
