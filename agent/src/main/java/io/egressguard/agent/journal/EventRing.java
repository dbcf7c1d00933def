package io.egressguard.agent.journal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded lock-free queue: many app threads offer, the one writer thread polls. A slot sequence
 * per cell (D. Vyukov's bounded queue) so a producer never waits for another: offer() is a CAS and
 * two volatile writes, and fails at once when the ring is full. No lock, so an app thread can
 * never be parked here.
 */
final class EventRing<T> {
    private final int mask;
    private final AtomicReferenceArray<T> cells;
    private final AtomicLongArray sequences;
    private final AtomicLong tail = new AtomicLong();
    /** Written only by the single consumer; volatile so that flush() can read it from any thread. */
    private volatile long head;

    EventRing(int capacity) {
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.mask = size - 1;
        this.cells = new AtomicReferenceArray<>(size);
        this.sequences = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            sequences.set(i, i);
        }
    }

    int capacity() {
        return mask + 1;
    }

    /** Returns false when full; never blocks. */
    boolean offer(T item) {
        long t = tail.get();
        for (;;) {
            int index = (int) t & mask;
            long seq = sequences.get(index);
            long diff = seq - t;
            if (diff == 0) {
                if (tail.compareAndSet(t, t + 1)) {
                    cells.lazySet(index, item);
                    sequences.set(index, t + 1);
                    return true;
                }
                t = tail.get();
            } else if (diff < 0) {
                return false;
            } else {
                t = tail.get();
            }
        }
    }

    /** Single consumer only. Null when empty (or when the next producer has not finished its write). */
    T poll() {
        long h = head;
        int index = (int) h & mask;
        if (sequences.get(index) != h + 1) {
            return null;
        }
        T item = cells.get(index);
        cells.lazySet(index, null);
        sequences.set(index, h + mask + 1);
        head = h + 1;
        return item;
    }

    /** Items accepted so far (a ticket: everything below it has been or will be polled). */
    long accepted() {
        return tail.get();
    }

    /** Items taken by the consumer so far. */
    long taken() {
        return head;
    }
}
