package io.egressguard.agent.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * {@value #NAME} in the JVM's journal directory: a plain, owner-only, append-only file of framed
 * records, the same JSON bytes Chronicle gets. Opening it costs a file create, not Chronicle's
 * second of class loading, so the writer puts events here while Chronicle is still starting, and
 * the exit spill puts here whatever is still waiting when the JVM exits.
 *
 * <p>Frame (big-endian): {@code int length, int crc32c(payload), payload}. A kill in the middle of
 * a write leaves a torn last frame, which the collector sees as shorter than its length (or failing
 * its checksum) and never reads as an event. Written with plain write(2), so a kill -9 loses
 * nothing already written; {@link #force} is for the exit, where the JVM will not write again.
 *
 * <p>Shared by the writer thread and the exit spill: each frame is written whole under one lock,
 * and the exit spill only waits for that lock until its deadline.
 */
final class SpillFile implements JournalSink {
    static final String NAME = "spill.log";
    static final int HEADER = 8;
    /** The collector refuses longer frames as corrupt lengths; the agent never writes one. */
    static final int MAX_RECORD = 64 << 20;

    private final FileChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER);
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer[] frame = new ByteBuffer[2];

    private SpillFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates (0600) or reopens the spill file of a journal directory, for appending. */
    static SpillFile open(Path directory) throws IOException {
        Path file = directory.resolve(NAME);
        FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE), JournalDirectory.ownerOnlyAttributes(directory));
        JournalDirectory.ownerOnly(file); // an existing file keeps its mode on open
        return new SpillFile(channel);
    }

    /** Appends one frame, waiting for the lock as long as it takes (the writer thread). */
    @Override
    public void append(byte[] record, int length) throws IOException {
        lock.lock();
        try {
            write(record, length);
        } finally {
            lock.unlock();
        }
    }

    /** Appends one frame unless the lock is not free before {@code deadlineNanos}; false then. */
    @Override
    public boolean append(byte[] record, int length, long deadlineNanos) throws IOException {
        if (!tryLock(deadlineNanos)) {
            return false;
        }
        try {
            write(record, length);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] record, int length) throws IOException {
        if (length < 0 || length > MAX_RECORD) {
            throw new IOException("a record of " + length + " bytes does not fit a spill frame");
        }
        crc.reset();
        crc.update(record, 0, length);
        header.clear();
        header.putInt(length).putInt((int) crc.getValue()).flip();
        frame[0] = header;
        frame[1] = ByteBuffer.wrap(record, 0, length);
        // One writev in practice; the loop only matters when the kernel takes part of it.
        while (frame[1].hasRemaining()) {
            channel.write(frame);
        }
    }

    /** fsync; false when the lock was not free before the deadline. */
    @Override
    public boolean force(long deadlineNanos) throws IOException {
        if (!tryLock(deadlineNanos)) {
            return false;
        }
        try {
            channel.force(false);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean tryLock(long deadlineNanos) {
        try {
            return lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing is buffered in the JVM: every frame was written when append returned
        }
    }

    /** Opens a journal directory's spill file: the writer's front sink. */
    static final class Factory implements JournalSink.Factory {
        static final Factory INSTANCE = new Factory();

        @Override
        public JournalSink open(Path directory, java.util.function.Consumer<String> warn) throws IOException {
            return SpillFile.open(directory);
        }
    }
}
