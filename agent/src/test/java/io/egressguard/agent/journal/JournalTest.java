package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.it.SpillFrames;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path tmp;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @Test
    void writesEventsAsCodecJsonIntoAnOwnerOnlyPerJvmDirectory() throws Exception {
        Path parent = tmp.resolve("queues");
        JvmInfo jvm = TestEvents.jvm();
        List<String> ids = new ArrayList<>();
        try (Journal journal = Journal.open(parent, jvm, JournalSettings.defaults(), warnings::add)) {
            assertTrue(journal.enabled());
            assertEquals("test-host-" + jvm.pid + "-" + jvm.startTime, jvm.journal);
            assertEquals(parent.resolve(jvm.journal), journal.directory());
            for (int i = 0; i < 100; i++) {
                Event e = TestEvents.event(i, 1024);
                ids.add(e.id);
                assertTrue(journal.offer(e));
            }
            assertTrue(journal.flush(5000));
            assertEquals(100, journal.written());
            assertEquals(0, journal.dropped());
        }
        // Chronicle opens on a thread of its own, which close() does not wait for (the JVM is leaving)
        for (Thread t : threadsNamed(Journal.THREAD_NAME + "-open")) {
            t.join(30_000);
        }
        Path dir = parent.resolve(jvm.journal);
        assertEquals(ids, QueueReader.readAll(dir).stream().map(e -> e.id).collect(Collectors.toList()));
        JvmInfo written = EventCodec.mapper().readValue(dir.resolve("jvm.json").toFile(), JvmInfo.class);
        assertEquals(jvm.pid, written.pid);
        assertEquals(jvm.journal, written.journal);

        assertEquals("rwx------", perms(parent), "a missing parent is created owner-only");
        assertEquals("rwx------", perms(dir));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.collect(Collectors.toList());
        }
        // the first events go to the spill file while Chronicle opens; both are owner-only
        assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".cq4") || f.endsWith(SpillFile.NAME)), "a record file: " + files);
        for (Path f : files) {
            assertEquals(Files.isDirectory(f) ? "rwx------" : "rw-------", perms(f), f.toString());
        }
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void unwritableParentGivesADisabledJournalAndOneWarning() throws Exception {
        Path notADirectory = Files.createFile(tmp.resolve("plain-file")); // fails even for root
        JvmInfo jvm = TestEvents.jvm();
        Journal journal = Journal.open(notADirectory.resolve("queues"), jvm, JournalSettings.defaults(), warnings::add);
        assertFalse(journal.enabled());
        assertFalse(journal.offer(TestEvents.event(1, 200)));
        assertFalse(journal.offer(TestEvents.event(2, 200)));
        assertEquals(2, journal.dropped());
        assertTrue(journal.flush(10));
        journal.close();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(notADirectory.resolve("queues").toString()), warnings.get(0));
        assertTrue(warnings.get(0).contains("journal disabled"), warnings.get(0));
    }

    @Test
    void openNeverThrowsEvenOnNonsense() {
        Journal journal = Journal.open(tmp, new JvmInfo(), null, null);
        assertTrue(journal.enabled(), "defaults for missing settings, hostname 'unknown'");
        assertTrue(journal.directory().getFileName().toString().startsWith("unknown-0-"));
        assertFalse(journal.offer(null));
        journal.close();
    }

    @Test
    void belowTheFreeSpaceMinimumEventsAreDroppedAndCountedWithOneWarning() throws Exception {
        RecordingSink sink = new RecordingSink();
        JournalSettings settings = JournalSettings.defaults().withVolume(new DiskSpace.Volume() {
            @Override
            public long totalBytes() {
                return 1L << 30;
            }

            @Override
            public long usableBytes() {
                return 32L << 20; // below the 64 MiB reserve
            }
        });
        Journal journal = Journal.open(tmp, TestEvents.jvm(), settings, warnings::add, sink, sink);
        for (int i = 0; i < 50; i++) {
            assertTrue(journal.offer(TestEvents.event(i, 200)), "the ring still accepts");
        }
        assertTrue(journal.flush(5000));
        assertEquals(50, journal.dropped());
        assertEquals(0, journal.written());
        assertEquals(0, sink.opened.get(), "no queue is even opened");
        journal.close();
        List<String> lowSpace = warnings.stream().filter(w -> w.contains("32.0 MiB free, at its 64.0 MiB reserve")).collect(Collectors.toList());
        assertEquals(1, lowSpace.size(), warnings.toString());
        assertTrue(lowSpace.get(0).contains(journal.directory().toString()));
    }

    @Test
    void breakerStopsWritingAfterAFailureRetriesLaterAndReportsTheDropsInTheNextRecord() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failures.set(1); // the first append fails as on a full disk
        sink.failWith = new InternalError("a fault occurred in an unsafe memory access operation");
        JournalSettings settings = JournalSettings.defaults().withBackoffMillis(300, 1000);
        Journal journal = Journal.open(tmp, TestEvents.jvm(), settings, warnings::add, sink, sink);

        assertTrue(journal.offer(TestEvents.event(0, 200)));
        assertTrue(journal.flush(5000));
        assertEquals(1, journal.dropped());
        assertEquals(1, sink.attempts.get());
        // during the back-off: dropped without touching the sink, and the thread does not spin
        for (int i = 1; i <= 20; i++) {
            assertTrue(journal.offer(TestEvents.event(i, 200)));
        }
        assertTrue(journal.flush(5000));
        assertEquals(21, journal.dropped());
        assertEquals(1, sink.attempts.get(), "no write is tried while the breaker is open");

        Thread.sleep(350);
        Event next = TestEvents.event(99, 200);
        assertTrue(journal.offer(next));
        assertTrue(journal.flush(5000));
        assertEquals(1, journal.written());
        assertEquals(2, sink.opened.get(), "the failed sink was closed and a fresh one opened");
        Event recorded = EventCodec.decode(sink.records.get(0));
        assertEquals(next.id, recorded.id);
        assertEquals(21, recorded.dropped, "the next written record says how many were lost");
        journal.close();

        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("write failed (InternalError"), warnings.get(0));
        assertTrue(warnings.get(1).contains("writes again"), warnings.get(1));
        assertTrue(threadsNamed(Journal.THREAD_NAME).isEmpty(), "the writer stopped at close");
    }

    /** A journal whose writer has taken one event and is held inside its append until {@code sink.gate} opens. */
    private Journal withWriterHeld(RecordingSink sink, JournalSettings settings) throws Exception {
        sink.gate = new CountDownLatch(1);
        Journal journal = Journal.open(tmp, TestEvents.jvm(), settings, warnings::add, sink, sink);
        assertTrue(journal.offer(TestEvents.event(0, 200))); // the writer takes it and blocks in append
        assertTrue(sink.entered.await(5, TimeUnit.SECONDS));
        return journal;
    }

    @Test
    void aFullRingDropsOnTheAppThreadAndTheNextRecordCountsThem() throws Exception {
        RecordingSink sink = new RecordingSink();
        // no overflow table: this is the ring's own bound (JournalOverflowTest has the table)
        Journal journal = withWriterHeld(sink, JournalSettings.defaults().withRingCapacity(4).withOverflowBytes(0));
        int accepted = 0;
        int refused = 0;
        for (int i = 1; i <= 10; i++) {
            if (journal.offer(TestEvents.event(i, 200))) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertEquals(4, accepted);
        assertEquals(6, refused);
        assertEquals(6, journal.dropped());
        sink.gate.countDown();
        assertTrue(journal.flush(5000));
        assertEquals(5, journal.written());
        assertEquals(0, EventCodec.decode(sink.records.get(0)).dropped);
        assertEquals(6, EventCodec.decode(sink.records.get(1)).dropped);
        assertEquals(0, EventCodec.decode(sink.records.get(2)).dropped, "counted once only");
        journal.close();
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void waitingEventsHoldAtMostTheRingsBytes() throws Exception {
        RecordingSink sink = new RecordingSink();
        Journal journal = withWriterHeld(sink, JournalSettings.defaults().withRingBytes(100_000).withOverflowBytes(0));
        Event large = TestEvents.event(1, 30_000);
        long each = large.heldBytes();
        assertTrue(each > 30_000 && each < 31_000, "a preview's characters, one stack frame and the event's fields: " + each);
        int accepted = 0;
        for (int i = 1; i <= 10; i++) {
            if (journal.offer(TestEvents.event(i, 30_000))) {
                accepted++;
            }
        }
        assertEquals(100_000 / each, accepted, "as many as fit in ring.bytes, though the slots (8192) are free");
        assertEquals(10 - accepted, journal.dropped());
        sink.gate.countDown();
        assertTrue(journal.flush(5000));
        assertTrue(journal.offer(TestEvents.event(11, 2_000_000)), "alone, one larger than ring.bytes still passes");
        assertTrue(journal.flush(5000));
        assertEquals(accepted + 2, journal.written());
        assertEquals(10 - accepted, EventCodec.decode(sink.records.get(1)).dropped);
        journal.close();
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void recordsOfAnySizeOneAfterAnotherAreEachWhole() throws Exception {
        RecordingSink sink = new RecordingSink();
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, sink, sink);
        int[] sizes = {200, 300_000, 100, 40_000, 150, 20_000};
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            Event e = TestEvents.event(i, sizes[i]);
            sent.add(e);
            assertTrue(journal.offer(e));
            assertTrue(journal.flush(5000)); // one at a time: each record follows a larger or smaller one
        }
        journal.close();
        assertEquals(sizes.length, sink.records.size());
        for (int i = 0; i < sizes.length; i++) {
            Event back = EventCodec.decode(sink.records.get(i));
            assertEquals(sent.get(i).id, back.id);
            int have = back.payload == null ? 0 : back.payload.preview.length();
            int want = sent.get(i).payload == null ? 0 : sent.get(i).payload.preview.length();
            assertEquals(want, have, "record " + i);
            assertTrue(sink.records.get(i).length < sizes[i] + 400, "no bytes of an earlier record: " + sink.records.get(i).length);
        }
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void closeSaysSoWhenDropsWereNeverReported() throws Exception {
        RecordingSink sink = new RecordingSink();
        sink.failures.set(Integer.MAX_VALUE);
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, sink, sink);
        journal.offer(TestEvents.event(1, 200));
        journal.offer(TestEvents.event(2, 200));
        journal.close();
        assertFalse(journal.offer(TestEvents.event(3, 200)), "closed");
        assertEquals(3, journal.dropped());
        String last = warnings.get(warnings.size() - 1);
        assertTrue(last.contains("closed with 2 event(s) dropped"), warnings.toString());
    }

    @Test
    void aJournalThatNeverGetsAnEventStartsNoThread() {
        RecordingSink sink = new RecordingSink();
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, sink, sink);
        assertTrue(threadsNamed(Journal.THREAD_NAME).isEmpty());
        journal.close();
        assertEquals(0, sink.opened.get());
    }

    @Test
    void theExitSpillWritesEverythingWaitingWhileChronicleIsStillOpeningWithinTheLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        JournalSink.Factory slowChronicle = (dir, warn) -> {
            never.await(); // a starved or stuck Chronicle start
            throw new IOException("never opened");
        };
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add,
                slowChronicle, SpillFile.Factory.INSTANCE);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Event e = TestEvents.event(i, 300);
            ids.add(e.id);
            assertTrue(journal.offer(e));
        }
        long t0 = System.nanoTime();
        journal.close();
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        never.countDown();
        assertTrue(tookMillis < 500, "the exit spill took " + tookMillis + " ms");
        SpillFrames spill = SpillFrames.read(journal.directory());
        assertEquals(0, spill.torn);
        Set<String> back = new HashSet<>();
        for (byte[] r : spill.records) {
            back.add(EventCodec.decode(r).id);
        }
        assertEquals(ids, back, "every event, the writer's and the exit spill's, once per id");
        assertEquals("rw-------", perms(journal.directory().resolve(SpillFile.NAME)));
        assertEquals(0, journal.dropped());
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void theExitSpillTakesOverFromAStuckWriterAndCountsTheRingsDropsInItsFirstRecord() throws Exception {
        RecordingSink front = new RecordingSink();
        front.holdOnlyThread = Journal.THREAD_NAME;
        front.gate = new CountDownLatch(1);
        // no overflow table: the ring's overflow is dropped, and the drops must reach the spill
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults().withRingCapacity(4).withOverflowBytes(0),
                warnings::add, new RecordingSink(), front);
        Event held = TestEvents.event(0, 200);
        assertTrue(journal.offer(held));
        assertTrue(front.entered.await(5, TimeUnit.SECONDS)); // the writer is stuck in its append
        for (int i = 1; i <= 10; i++) {
            journal.offer(TestEvents.event(i, 200));
        }
        assertEquals(6, journal.dropped());
        journal.close();
        List<Event> spilled = new ArrayList<>();
        for (byte[] r : front.records) {
            spilled.add(EventCodec.decode(r));
        }
        front.gate.countDown(); // the writer's own append of the held event may follow: a duplicate id
        assertEquals(5, spilled.size(), "the held event again, then the 4 waiting: " + spilled.size());
        assertEquals(held.id, spilled.get(0).id);
        assertEquals(6, spilled.get(1).dropped, "the first taken after the drops counts them");
        assertEquals(6, spilled.stream().mapToLong(e -> e.dropped).sum(), "once");
        assertEquals(Collections.emptyList(), warnings);
    }

    /**
     * The exit spill writes what waits in the ring like the writer would: never into the reserve.
     * Only the record of the drops may use it, so that the count reaches a file.
     */
    @Test
    void theExitSpillKeepsTheReserveAndRecordsWhatItCouldNotWriteAsDropped() throws Exception {
        RecordingSink front = new RecordingSink();
        front.holdOnlyThread = Journal.THREAD_NAME;
        front.gate = new CountDownLatch(1);
        JournalSettings settings = JournalSettings.defaults().withVolume(new DiskSpace.Volume() {
            @Override
            public long totalBytes() {
                return 1L << 30;
            }

            @Override
            public long usableBytes() {
                // the 64 MiB reserve and room for a few small records, less what was written
                long written = 0;
                for (byte[] r : front.records) {
                    written += r.length + DiskSpace.ENTRY_OVERHEAD;
                }
                return (64L << 20) + (4 << 10) - written;
            }
        });
        Journal journal = Journal.open(tmp, TestEvents.jvm(), settings, warnings::add, new RecordingSink(), front);
        assertTrue(journal.offer(TestEvents.event(0, 200)));
        assertTrue(front.entered.await(5, TimeUnit.SECONDS)); // the writer is stuck in its append
        for (int i = 1; i <= 40; i++) {
            assertTrue(journal.offer(TestEvents.event(i, 200)));
        }
        journal.close();
        long spilled = 0;
        long dropsTold = 0;
        for (byte[] r : front.records) { // read before the writer's own append of the held event
            Event e = EventCodec.decode(r);
            spilled += e.count;
            dropsTold += e.dropped;
        }
        front.gate.countDown();
        assertTrue(spilled > 0 && spilled < 20, "a few fit above the reserve, not all 41: " + spilled);
        assertEquals(41, spilled + dropsTold, "the rest is counted in the drops' record");
        assertEquals(1, warnings.stream().filter(w -> w.contains("at its 64.0 MiB reserve")).count(), warnings.toString());
    }

    @Test
    void aFailedChronicleAppendGoesToTheSpillFileInsteadOfBeingDropped() throws Exception {
        RecordingSink chronicle = new RecordingSink();
        chronicle.failures.set(1); // as when Chronicle's own shutdown hook has closed the queue
        RecordingSink front = new RecordingSink();
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, chronicle, front);
        assertTrue(journal.offer(TestEvents.event(0, 200)));
        assertTrue(journal.flush(5000));
        for (int i = 0; i < 500 && chronicle.opened.get() == 0; i++) {
            Thread.sleep(10);
        }
        Event second = TestEvents.event(1, 200);
        assertTrue(journal.offer(second));
        assertTrue(journal.flush(5000));
        assertEquals(1, chronicle.attempts.get(), "the second event was tried on Chronicle");
        assertEquals(2, front.records.size());
        assertEquals(second.id, EventCodec.decode(front.records.get(1)).id);
        assertEquals(0, journal.dropped());
        assertEquals(2, journal.written());
        journal.close();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("Chronicle write failed") && warnings.get(0).contains("events go to spill.log"), warnings.get(0));
    }

    @Test
    void dropsAfterTheLastRecordGoIntoADropCountRecord() throws Exception {
        RecordingSink front = new RecordingSink();
        front.failures.set(1); // the only event's write fails
        Journal journal = Journal.open(tmp, TestEvents.jvm(), JournalSettings.defaults(), warnings::add, new RecordingSink(), front);
        assertTrue(journal.offer(TestEvents.event(1, 200)));
        assertTrue(journal.flush(5000));
        assertEquals(1, journal.dropped());
        journal.close();
        assertEquals(1, front.records.size());
        Event drops = EventCodec.decode(front.records.get(0));
        assertEquals(0, drops.count, "stands for no attempt");
        assertEquals(1, drops.dropped);
        assertEquals(null, drops.host);
        assertEquals(null, drops.action);
        assertTrue(warnings.stream().noneMatch(w -> w.contains("closed with")), "recorded, so not only on stderr: " + warnings);
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive()).collect(Collectors.toList());
    }

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** An in-memory sink that can fail on demand or block in append. */
    static final class RecordingSink implements JournalSink, JournalSink.Factory {
        final List<byte[]> records = new CopyOnWriteArrayList<>();
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile Throwable failWith = new IOException("No space left on device");
        volatile CountDownLatch gate;
        /** When set, only a thread of this name waits at the gate. */
        volatile String holdOnlyThread;

        @Override
        public JournalSink open(Path directory, java.util.function.Consumer<String> warn) {
            assertNotNull(directory);
            opened.incrementAndGet();
            return this;
        }

        @Override
        public void append(byte[] record, int length) throws Exception {
            attempts.incrementAndGet();
            if (holdOnlyThread == null || holdOnlyThread.equals(Thread.currentThread().getName())) {
                entered.countDown();
            }
            CountDownLatch g = gate;
            String only = holdOnlyThread;
            if (g != null && (only == null || only.equals(Thread.currentThread().getName()))) {
                g.await();
                gate = null;
            }
            if (failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                Throwable t = failWith;
                if (t instanceof Exception) {
                    throw (Exception) t;
                }
                throw (Error) t;
            }
            records.add(java.util.Arrays.copyOf(record, length)); // the writer reuses its buffer
        }

        @Override
        public void close() {
        }
    }
}
