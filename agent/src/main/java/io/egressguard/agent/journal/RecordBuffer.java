package io.egressguard.agent.journal;

import java.io.ByteArrayOutputStream;

/**
 * The journal writer's one encode buffer: each record is encoded into it and appended from it, so
 * no array is made per record (making and copying them would be a fifth of the writer's time and
 * most of its garbage). Used by the writer thread only.
 */
final class RecordBuffer extends ByteArrayOutputStream {
    private static final int INITIAL = 16 << 10;
    /** A larger array (a record with a 1 MiB preview) is let go after its record, not kept for good. */
    private static final int KEEP = 256 << 10;

    RecordBuffer() {
        super(INITIAL);
    }

    /** The record's bytes: the first {@link #size()} of them. */
    byte[] array() {
        return buf;
    }

    /** Empties it for the next record, shrinking it if a large one grew it. */
    void recycle() {
        if (buf.length > KEEP) {
            buf = new byte[INITIAL];
        }
        reset();
    }
}
