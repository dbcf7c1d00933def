package io.egressguard.collector.tail;

/** Follows one of a JVM's files as it grows: its Chronicle journal, or the spill file in front of it. */
interface Follower extends AutoCloseable {
    /** Reads until {@code max} events or the end; returns how many entries were read and how many were events. */
    JournalFollower.Polled poll(int max, EntrySink sink);

    @Override
    void close();
}
