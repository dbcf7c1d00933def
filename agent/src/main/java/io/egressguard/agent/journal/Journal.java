package io.egressguard.agent.journal;

import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * This JVM's event journal. App threads {@link #offer} events into a bounded ring and return at
 * once; one agent-owned daemon thread ({@value #THREAD_NAME}), started with the first event, owns
 * the Chronicle appender and writes. Nothing here ever throws into the app, and only the writer
 * thread touches the mapped file (a full disk raises an asynchronous InternalError on the thread
 * that writes). Chronicle's classes load on that thread with the first event, never earlier.
 */
public final class Journal implements AutoCloseable {
    static final String THREAD_NAME = "egressguard-journal";

    private final Path directory;
    private final boolean enabled;
    private final JournalSettings settings;
    private final EventRing<Event> ring;
    /** Where events go while the ring is full; null when disabled ({@code overflowBytes=0}). */
    private final OverflowTable overflow;
    private final Consumer<String> warn;
    private final JournalWriter writer;
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean closed;

    private Journal(Path directory, boolean enabled, JournalSettings settings, Consumer<String> warn,
                    JournalSink.Factory sinks) {
        this.directory = directory;
        this.enabled = enabled;
        this.settings = settings;
        this.warn = warn;
        this.ring = enabled ? new EventRing<>(settings.ringCapacity, settings.ringBytes) : null;
        this.overflow = enabled && settings.overflowBytes > 0 ? new OverflowTable(settings.overflowBytes, dropped) : null;
        this.writer = enabled ? new JournalWriter(directory, ring, overflow, settings, sinks, dropped, warn) : null;
    }

    /**
     * Creates this JVM's directory {@code <queueParent>/<hostname>-<pid>-<jvmStartMillis>} (0700) with
     * its jvm.json and sets {@code jvm.journal}. Never throws: when the directory cannot be made, the
     * journal is disabled (offer() drops and counts) and {@code warn} gets one line naming the
     * directory and the cause.
     */
    public static Journal open(Path queueParent, JvmInfo jvm, JournalSettings settings, Consumer<String> warn) {
        Journal journal = open(queueParent, jvm, settings, warn, ChronicleSinkFactory.INSTANCE);
        if (journal.enabled) {
            String problem = ChronicleShutdownHook.preRegister();
            if (problem != null && warn != null) {
                warn.accept("egressguard: journal " + journal.directory + ": " + problem);
            }
        }
        return journal;
    }

    static Journal open(Path queueParent, JvmInfo jvm, JournalSettings settings, Consumer<String> warn,
                        JournalSink.Factory sinks) {
        Consumer<String> out = warn != null ? safe(warn) : line -> { };
        JournalSettings s = settings != null ? settings : JournalSettings.defaults();
        Path intended = null;
        try {
            intended = queueParent.resolve(JournalDirectory.name(jvm));
            Path dir = JournalDirectory.create(queueParent, jvm);
            return new Journal(dir, true, s, out, sinks);
        } catch (Throwable t) {
            out.accept("egressguard: journal disabled, cannot create " + (intended != null ? intended : queueParent)
                    + ": " + describe(t) + "; blocked attempts are still blocked but not recorded");
            return new Journal(intended, false, s, out, sinks);
        }
    }

    /**
     * Hands an event to the writer; the journal owns it from here (the writer sets its {@code dropped}).
     * Non-blocking, never throws. When the ring is full (its slots, or the bytes its events may hold)
     * the event is counted into the overflow table's aggregate of its destination and call site,
     * written later as an overflow record. False, and its {@code count} attempts counted in
     * {@link #dropped()}, when even that table has no room for it, or the journal is disabled or closed.
     */
    public boolean offer(Event e) {
        if (e == null) {
            return false;
        }
        if (!enabled || closed) {
            dropped.add(e.count);
            return false;
        }
        if (!ring.offer(e, e.heldBytes())) {
            if (overflow == null || !overflow.add(e)) {
                dropped.add(e.count);
                return false;
            }
        }
        Thread t = thread;
        if (t == null) {
            t = startWriter();
        }
        if (t != null && writer.waiting) {
            LockSupport.unpark(t);
        }
        return true;
    }

    private Thread startWriter() {
        if (!started.compareAndSet(false, true)) {
            return thread; // another app thread is starting it; the writer polls anyway
        }
        try {
            // no inherited thread locals, no app context class loader: nothing of the app leaks in
            Thread t = new Thread(null, writer, THREAD_NAME, 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(Journal.class.getClassLoader());
            t.start();
            thread = t;
            return t;
        } catch (Throwable error) {
            warn.accept("egressguard: journal " + directory + " cannot start its writer thread: " + describe(error));
            return null;
        }
    }

    /** Attempts dropped so far: ring and overflow table full, journal disabled, low disk space, write failures. */
    public long dropped() {
        return dropped.sum();
    }

    /** Counts attempts lost before they became an event (a fold window lost to an error): told like any drop. */
    public void lost(long attempts) {
        if (attempts > 0) {
            dropped.add(attempts);
        }
    }

    public long written() {
        return writer == null ? 0 : writer.written;
    }

    /** This JVM's journal directory (the intended one when disabled; null if even that is unknown). */
    public Path directory() {
        return directory;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Waits until every event offered before this call is written or dropped; false on timeout. */
    public boolean flush(long timeoutMillis) {
        if (!enabled || thread == null) {
            return true;
        }
        long target = ring.accepted();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        while (!writer.caughtUp(target)) {
            if (!thread.isAlive() || System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.unpark(thread);
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    /** Flushes for at most {@code closeWaitMillis}, stops the writer (which closes the queue) and says, in one warn
     *  line, if events were dropped since the last one written. Later offers are dropped and counted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread t = thread;
        if (t == null) {
            return; // never started: Chronicle was never loaded, nothing to release
        }
        long budget = settings.closeWaitMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budget);
        flush(budget);
        writer.stop();
        LockSupport.unpark(t);
        try {
            long left = Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 50);
            t.join(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever the writer did not take is lost now
        for (Event left = t.isAlive() ? null : ring.poll(); left != null; left = ring.poll()) {
            dropped.increment();
        }
        if (t.isAlive()) {
            // Never silent: the writer is stuck (or Chronicle still starting) and what it has not
            // written yet may be lost when the JVM halts.
            long pending = Math.max(0, ring.accepted() - writer.written);
            warn.accept("egressguard: journal " + directory + ": the writer did not finish within " + budget
                    + " ms (shutdown.wait); up to " + pending + " event(s) may be missing from the journal");
            return;
        }
        long unreported = dropped.sum() - writer.reportedDrops;
        if (unreported > 0) {
            warn.accept("egressguard: journal " + directory + " closed with " + unreported
                    + " event(s) dropped since the last one written (" + dropped.sum() + " dropped in all)");
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static Consumer<String> safe(Consumer<String> warn) {
        return line -> {
            try {
                warn.accept(line);
            } catch (Throwable ignored) {
                // a broken warn sink must not break the writer or the app
            }
        };
    }

    /** Refers to ChronicleSink only inside a method body, so loading Journal loads no Chronicle class. */
    private static final class ChronicleSinkFactory implements JournalSink.Factory {
        static final ChronicleSinkFactory INSTANCE = new ChronicleSinkFactory();

        @Override
        public JournalSink open(Path directory, Consumer<String> warn) throws Exception {
            return ChronicleSink.open(directory, warn);
        }
    }
}
