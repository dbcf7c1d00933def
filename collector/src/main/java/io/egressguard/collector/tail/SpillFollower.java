package io.egressguard.collector.tail;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.SpillLog;
import java.io.IOException;

/**
 * Reads one JVM's spill file as it grows, for {@code tail}: each whole frame once, handed on with its
 * byte offset as the entry's index. A frame that fails its checksum is skipped; a torn or growing
 * last frame waits.
 */
final class SpillFollower implements Follower {
    private final JournalDir journal;
    private final SpillLog log;

    /** @param fromStart whether to read what the file already holds, or only what is appended from now on */
    SpillFollower(JournalDir journal, boolean fromStart) {
        this.journal = journal;
        try {
            this.log = SpillLog.open(journal.dir(), 0);
            if (log != null && !fromStart) {
                log.position(SpillLog.readableEnd(journal.dir()));
            }
        } catch (IOException e) {
            throw new CollectorException("spill file " + journal.dir().resolve(SpillLog.NAME) + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public JournalFollower.Polled poll(int max, EntrySink sink) {
        int read = 0;
        int events = 0;
        if (log == null) {
            return new JournalFollower.Polled(0, 0);
        }
        try {
            while (events < max) {
                SpillLog.Frame frame = log.next();
                if (frame.kind() == SpillLog.Kind.END || frame.kind() == SpillLog.Kind.BAD_LENGTH) {
                    break;
                }
                read++;
                if (frame.kind() == SpillLog.Kind.RECORD && sink.entry(journal, frame.offset(), frame.payload())) {
                    events++;
                }
            }
        } catch (IOException e) {
            throw new CollectorException("spill file " + log.file() + " cannot be read: " + e.getMessage(), e);
        }
        return new JournalFollower.Polled(read, events);
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
