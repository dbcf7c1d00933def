package io.egressguard.agent.journal;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the writer thread puts encoded events: Chronicle, or the spill file in front of it. Chronicle's
 * sink is used by one thread at a time; the spill file also by the exit spill, so it is safe to share.
 */
interface JournalSink {
    /** Appends one record, the first {@code length} bytes of {@code record}; any Throwable (IOException, an asynchronous InternalError from a mapped
     *  write on a full disk, ...) counts as a failure and trips the breaker. */
    void append(byte[] record, int length) throws Exception;

    /** The exit spill's append: false, writing nothing, when it cannot start before {@code deadlineNanos}. */
    default boolean append(byte[] record, int length, long deadlineNanos) throws Exception {
        append(record, length);
        return true;
    }

    /** Makes what was appended durable (fsync); false when that cannot start before the deadline. */
    default boolean force(long deadlineNanos) throws Exception {
        return true;
    }

    void close();

    interface Factory {
        JournalSink open(Path directory, Consumer<String> warn) throws Exception;
    }
}
