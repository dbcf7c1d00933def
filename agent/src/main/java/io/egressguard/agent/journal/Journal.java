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
 * the Chronicle appender and writes. Nothing here ever throws into the app, and only agent threads
 * touch the mapped file (a full disk raises an asynchronous InternalError on the thread that
 * writes). Chronicle's classes load with the first event, never earlier, on a thread of their own:
 * until Chronicle is ready the writer puts events into the spill file ({@link SpillFile}), and at
 * exit {@link #close} spills what is still waiting there.
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
                    JournalSink.Factory sinks, JournalSink.Factory fronts) {
        this.directory = directory;
        this.enabled = enabled;
        this.settings = settings;
        this.warn = warn;
        this.ring = enabled ? new EventRing<>(settings.ringCapacity, settings.ringBytes) : null;
        this.overflow = enabled && settings.overflowBytes > 0 ? new OverflowTable(settings.overflowBytes, dropped) : null;
        this.writer = enabled ? new JournalWriter(directory, ring, overflow, settings, sinks, fronts, dropped, warn) : null;
    }

    /**
     * Creates this JVM's directory {@code <queueParent>/<hostname>-<pid>-<jvmStartMillis>} (0700) with
     * its jvm.json and sets {@code jvm.journal}. Never throws: when the directory cannot be made, the
     * journal is disabled (offer() drops and counts) and {@code warn} gets one line naming the
     * directory and the cause.
     */
    public static Journal open(Path queueParent, JvmInfo jvm, JournalSettings settings, Consumer<String> warn) {
        Journal journal = open(queueParent, jvm, settings, warn, ChronicleSinkFactory.INSTANCE, SpillFile.Factory.INSTANCE);
        if (journal.enabled) {
            String problem = ChronicleShutdownHook.preRegister();
            if (problem != null && warn != null) {
                warn.accept("egressguard: journal " + journal.directory + ": " + problem);
            }
        }
        return journal;
    }

    /** @param fronts opens the sink in front of Chronicle: the spill file, or a test's */
    static Journal open(Path queueParent, JvmInfo jvm, JournalSettings settings, Consumer<String> warn,
                        JournalSink.Factory sinks, JournalSink.Factory fronts) {
        Consumer<String> out = warn != null ? safe(warn) : line -> { };
        JournalSettings s = settings != null ? settings : JournalSettings.defaults();
        Path intended = null;
        try {
            intended = queueParent.resolve(JournalDirectory.name(jvm));
            Path dir = JournalDirectory.create(queueParent, jvm);
            return new Journal(dir, true, s, out, sinks, fronts);
        } catch (Throwable t) {
            out.accept("egressguard: journal disabled, cannot create " + (intended != null ? intended : queueParent)
                    + ": " + describe(t) + "; blocked attempts are still blocked but not recorded");
            return new Journal(intended, false, s, out, sinks, fronts);
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
            countDrop(dropped, e);
            return false;
        }
        if (!ring.offer(e, e.heldBytes())) {
            if (overflow == null || !overflow.add(e)) {
                countDrop(dropped, e);
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

    /** The one place a lost event is counted (the app's side and the writer's): by the attempts it stands for. */
    static void countDrop(LongAdder dropped, Event e) {
        dropped.add(e.count);
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

    /**
     * The JVM's exit (the agent's shutdown hook): takes the ring over from the writer and spills what
     * is still waiting, and then the drops not yet recorded, to the spill file, fsynced, within
     * {@code closeWaitMillis} (shutdown.wait) whatever Chronicle is doing; see
     * {@link JournalWriter#handOver}. One warn line when something could not be recorded. Later
     * offers are dropped and counted.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!enabled) {
            return;
        }
        long budget = settings.closeWaitMillis;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budget);
        JournalWriter.ExitSpill exit = writer.handOver(deadline);
        writer.stop();
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                // it only has to see the hand-over; a writer stuck in Chronicle is not waited for
                t.join(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writer.closeFront();
        String spill = directory.resolve(SpillFile.NAME).toString();
        if (exit.lockTimedOut) {
            warn.accept("egressguard: journal " + directory + ": the writer did not let go within " + budget
                    + " ms (shutdown.wait); up to " + Math.max(0, ring.accepted() - ring.taken())
                    + " waiting event(s) and " + dropped.sum() + " drop(s) are not recorded");
            return;
        }
        if (exit.late > 0 || exit.failure != null) {
            warn.accept("egressguard: journal " + directory + ": the exit spill to " + spill + " lost " + exit.late
                    + " event(s) to its " + budget + " ms limit (shutdown.wait)"
                    + (exit.failure == null ? "" : " and failed: " + describe(exit.failure))
                    + (exit.dropsRecorded > 0 ? "; the drop count is recorded" : ""));
        }
        if (exit.unreported > 0) {
            warn.accept("egressguard: journal " + directory + " closed with " + exit.unreported
                    + " event(s) dropped since the last one written (" + dropped.sum() + " dropped in all); no file records them");
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
