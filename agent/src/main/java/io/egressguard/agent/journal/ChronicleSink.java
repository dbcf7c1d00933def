package io.egressguard.agent.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import io.egressguard.event.JournalRecord;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.slf4j.Logger;

/**
 * The only class that touches Chronicle. Wire format (fixed, the collector reads it): one excerpt per
 * event, the UTF-8 JSON of {@code EventCodec.encode(event)} inside a {@link JournalRecord} frame
 * (magic, CRC32C, the excerpt's own index), so that a reader detects damage and resyncs after it.
 */
final class ChronicleSink implements JournalSink {
    /** The queue's table store, which Chronicle names so for every queue. */
    static final String METADATA_FILE = "metadata.cq4t";
    @SuppressWarnings("deprecation") // FAST_HOURLY: the roll cycle the collector expects
    private static final RollCycle ROLL = RollCycles.FAST_HOURLY;
    /** Quiets Chronicle before any of its classes initialises: this class's own field initialisers
     *  (the Bytes buffer) would already initialise Chronicle's Jvm, so it cannot happen in the constructor. */
    static JournalSink open(Path directory, Consumer<String> warn) throws IOException {
        ChronicleQuiet.apply(directory);
        return new ChronicleSink(directory, warn);
    }

    private final Path directory;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    /**
     * Direct, not on the heap: Chronicle copies a direct buffer into the mapped file in one move, but
     * an on-heap one eight bytes at a time, each with a closed-and-owner check (the journal writer's
     * largest cost with 8 KiB records). Released with the sink.
     */
    private final Bytes<?> buffer = Bytes.allocateElasticDirect(16 << 10);
    private int cycle = Integer.MIN_VALUE;
    /** The index of the excerpt appended last, -1 before the first. */
    private long last = -1;

    private ChronicleSink(Path directory, Consumer<String> warn) throws IOException {
        routeWarnings(warn);
        this.directory = directory;
        // Chronicle creates its metadata file with the umask's mode and only then could it be tightened:
        // made first, 0600, it stays so (Chronicle takes an empty one as new).
        JournalDirectory.createOwnerOnly(directory.resolve(METADATA_FILE));
        this.queue = SingleChronicleQueueBuilder.binary(directory.toFile())
                .rollCycle(ROLL)
                .storeFileListener(new OwnerOnlyFiles())
                .build();
        this.appender = queue.createAppender();
        JournalDirectory.ownerOnlyFiles(directory);
    }

    @Override
    public void append(byte[] record, int length) throws IOException {
        buffer.clear();
        buffer.write(record, 0, length);
        try (DocumentContext dc = appender.writingDocument()) {
            // writingDocument() has rolled to the current cycle; one writer thread, so the next index
            // is the one after the last in this cycle, or the cycle's first. (dc.index() says the
            // same but costs ~0.8 µs; ChronicleSinkTest checks the two agree across rolls.)
            int now = appender.cycle();
            long index = last >= 0 && ROLL.toCycle(last) == now ? last + 1 : ROLL.toIndex(now, 0);
            Bytes<?> out = dc.wire().bytes();
            out.writeInt(JournalRecord.MAGIC);
            out.writeInt(JournalRecord.checksum(index, record, length));
            out.writeLong(index);
            out.write(buffer);
        }
        last = appender.lastIndexAppended();
        int now = appender.cycle();
        if (now != cycle) {
            // a new cycle file (or the first): Chronicle created it with the umask's permissions
            cycle = now;
            JournalDirectory.ownerOnlyFiles(directory);
        }
    }

    @Override
    public void close() {
        try {
            appender.close();
        } finally {
            try {
                queue.close();
            } finally {
                buffer.releaseLast();
            }
        }
    }

    /** Chronicle warnings would vanish into slf4j-nop; the journal repeats them on its own warn line
     *  (at most a few, so a sick queue cannot flood the app's stderr). Debug and perf stay off. */
    private static void routeWarnings(Consumer<String> warn) {
        ExceptionHandler toWarn = new ExceptionHandler() {
            private int left = 20;

            @Override
            public void on(Logger logger, String message, Throwable thrown) {
                synchronized (this) {
                    if (left <= 0) {
                        return;
                    }
                    left--;
                }
                warn.accept("chronicle: " + message + (thrown == null ? "" : " (" + thrown + ")"));
            }
        };
        Jvm.setExceptionHandlers(toWarn, toWarn, ExceptionHandler.ignoresEverything(),
                ExceptionHandler.ignoresEverything());
    }

    /** Chronicle creates cycle files itself; tighten each to 0600 as it is acquired. */
    private static final class OwnerOnlyFiles implements StoreFileListener {
        @Override
        public void onAcquired(int cycle, File file) {
            JournalDirectory.ownerOnly(file.toPath());
        }

        @Override
        public void onReleased(int cycle, File file) {
        }
    }
}
