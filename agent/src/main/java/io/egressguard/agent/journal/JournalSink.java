package io.egressguard.agent.journal;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Where the writer thread puts encoded events. Used by the writer thread only, never concurrently. */
interface JournalSink {
    /** Appends one record, the first {@code length} bytes of {@code record}; any Throwable (IOException, an asynchronous InternalError from a mapped
     *  write on a full disk, ...) counts as a failure and trips the breaker. */
    void append(byte[] record, int length) throws Exception;

    void close();

    interface Factory {
        JournalSink open(Path directory, Consumer<String> warn) throws Exception;
    }
}
