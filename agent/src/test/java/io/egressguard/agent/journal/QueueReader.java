package io.egressguard.agent.journal;

import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Reads a journal back the way the collector does (the wire format's other half): the spill file's
 *  records first, then Chronicle's. */
final class QueueReader {
    private QueueReader() {
    }

    /** Reads every event, as the collector does: readBytes into Bytes, then EventCodec.decode. */
    @SuppressWarnings("deprecation")
    static List<Event> readAll(Path directory) throws CorruptEventException {
        List<Event> events = new ArrayList<>();
        try {
            for (byte[] record : io.egressguard.agent.it.SpillFrames.read(directory).records) {
                events.add(EventCodec.decode(record));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory.toFile())
                .rollCycle(RollCycles.FAST_HOURLY).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            Bytes<?> bytes = Bytes.allocateElasticOnHeap(4096);
            for (;;) {
                bytes.clear();
                if (!tailer.readBytes(bytes)) {
                    break;
                }
                events.add(EventCodec.decode(io.egressguard.event.JournalRecord.event(bytes.toByteArray())));
            }
        }
        return events;
    }
}
