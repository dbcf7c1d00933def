package io.egressguard.collector.journal;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one JVM's spill file for a store, from the byte offset the store committed (its position
 * under {@link #positionKey}), so that each frame is stored exactly once like a journal entry.
 */
public final class SpillReader implements EntrySource {
    /** The position key of a journal's spill file: the journal's name and this suffix. */
    public static final String KEY_SUFFIX = "/" + SpillLog.NAME;

    private final JournalDir journal;
    private final SpillLog log;
    private final RecordDecoder records;
    private final JvmInfo jvm;
    private final String localHost;
    private final Consumer<String> notices;
    private boolean tornReported;
    private boolean badLengthReported;

    /**
     * @param committed the offset the store has read up to, or null for the start
     * @param localHost this host's name, to tell whether the spill's JVM is gone (a torn tail is then final)
     */
    public SpillReader(JournalDir journal, Long committed, JvmInfo jvm, String localHost, Consumer<String> notices) {
        this.journal = journal;
        this.jvm = jvm;
        this.localHost = localHost;
        this.notices = notices;
        this.records = new RecordDecoder(journal, jvm);
        try {
            this.log = SpillLog.open(journal.dir(), committed == null ? 0 : committed);
        } catch (IOException e) {
            throw new CollectorException("spill file " + journal.dir().resolve(SpillLog.NAME) + " cannot be opened: " + e.getMessage(), e);
        }
        if (log == null) {
            throw new CollectorException("spill file " + journal.dir().resolve(SpillLog.NAME) + " is gone");
        }
    }

    public static String keyOf(JournalDir journal) {
        return journal.name() + KEY_SUFFIX;
    }

    @Override
    public JournalDir journal() {
        return journal;
    }

    @Override
    public String positionKey() {
        return keyOf(journal);
    }

    @Override
    public String where(long offset) {
        return "spill file " + log.file() + " at byte " + offset;
    }

    @Override
    public Batch read(int max, long maxBytes, CorruptSink corrupt) {
        List<StoredEvent> events = new ArrayList<>(Math.min(max, 1024));
        List<Damage> damage = new ArrayList<>();
        long last = -1;
        int consumed = 0;
        long bytesRead = 0;
        try {
            while (consumed < max && bytesRead < maxBytes) {
                SpillLog.Frame frame = log.next();
                if (frame.kind() == SpillLog.Kind.END) {
                    if (frame.problem() != null && !tornReported && jvmGone()) {
                        tornReported = true;
                        notices.accept(where(frame.offset()) + ": " + frame.problem() + " (its JVM stopped mid-write): not an event");
                    }
                    break;
                }
                if (frame.kind() == SpillLog.Kind.BAD_LENGTH) {
                    if (!badLengthReported) {
                        badLengthReported = true;
                        notices.accept(where(frame.offset()) + ": " + frame.problem());
                    }
                    break;
                }
                consumed++;
                last = frame.end();
                if (frame.kind() == SpillLog.Kind.BAD_CHECKSUM) {
                    damage.add(new Damage(keyOf(journal), SpillLog.NAME, frame.offset(), frame.end() - 1, frame.problem()));
                    corrupt.corrupt(this, frame.offset(), frame.problem());
                    continue;
                }
                bytesRead += frame.payload().length;
                try {
                    events.add(records.decode(frame.payload()));
                } catch (CorruptEventException e) {
                    damage.add(new Damage(keyOf(journal), SpillLog.NAME, frame.offset(), frame.end() - 1, e.getMessage()));
                    corrupt.corrupt(this, frame.offset(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new CollectorException("spill file " + log.file() + " cannot be read: " + e.getMessage(), e);
        }
        return new Batch(events, last, consumed, bytesRead, damage);
    }

    /** True when the JVM ran on this host and its process is gone: its spill file will not grow again. */
    private boolean jvmGone() {
        return jvm != null && jvm.pid > 0 && localHost.equals(jvm.hostname) && jvm.pid != ProcessHandle.current().pid()
                && ProcessHandle.of(jvm.pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public void close() {
        log.close();
    }
}
