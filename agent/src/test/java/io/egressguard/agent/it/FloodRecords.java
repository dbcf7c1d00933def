package io.egressguard.agent.it;

import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a flooded JVM's journal says: its records, the attempts they count and the drops they and the
 * exit line tell. Read one record at a time: a flood journals hundreds of thousands.
 */
final class FloodRecords {
    /** The journal's exit line for drops no record could carry (Journal.close). */
    private static final Pattern UNREPORTED = Pattern.compile("closed with (\\d+) event\\(s\\) dropped since the last one written");

    long records;
    long counted;
    long dropped;
    long overflowRecords;
    final Set<String> hosts = new HashSet<>();
    private final Set<String> ids = new HashSet<>();

    static FloodRecords read(Path queue, ForkedJvm.Result r) throws Exception {
        FloodRecords out = new FloodRecords();
        try (Stream<Path> dirs = Files.list(queue)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                // The spill file in front of the queue first: the exit spill may write again an event the
                // writer also finished, so each id counts once, as a store keeps it.
                for (byte[] record : SpillFrames.read(dir).records) {
                    out.add(EventCodec.decode(record));
                }
                JournalEvents.forEachQueued(dir, record -> out.add(EventCodec.decode(record)));
            }
        }
        Matcher m = UNREPORTED.matcher(r.stderr);
        while (m.find()) {
            out.dropped += Long.parseLong(m.group(1));
        }
        return out;
    }

    private void add(Event e) {
        if (!ids.add(e.id)) {
            return;
        }
        dropped += e.dropped;
        if (e.count == 0) {
            return; // a drop-count record (the exit spill's): it stands for no attempt
        }
        records++;
        counted += e.count;
        if (e.overflow) {
            overflowRecords++;
        }
        hosts.add(e.host);
    }

    @Override
    public String toString() {
        return records + " records (" + overflowRecords + " overflow), sum(count) " + counted + ", dropped " + dropped
                + ", " + hosts.size() + " destinations";
    }
}
