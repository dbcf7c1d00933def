package io.egressguard.agent.journal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bounded lock-free queue: many app threads offer, the one writer thread polls. A slot sequence
 * per cell (D. Vyukov's bounded queue) so a producer never waits for another: offer() is a CAS and
 * two volatile writes, and fails at once when the ring is full. No lock, so an app thread can
 * never be parked here.
 *
 * <p>Bounded twice: by its slots and by the summed weight (heap bytes) of what waits in it. Slots
 * alone would let waiting events of large payloads fill the app's heap, and even a ring of small
 * ones that stays full is copied by every young collection while the writer falls behind.
 */
final class EventRing<T> {
    private final int mask;
    private final AtomicReferenceArray<T> cells;
    private final AtomicLongArray sequences;
    /** Each cell's weight: written before its sequence publishes it, read after, like the cell. */
    private final long[] weights;
    private final long maxWeight;
    /** Weight of the items accepted and not yet polled, plus offers under way. */
    private final AtomicLong weight = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    /** Written only by the single consumer; volatile so that flush() can read it from any thread. */
    private volatile long head;

    EventRing(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** @param maxWeight the weight it holds at most, except that one item is taken whatever its weight */
    EventRing(int capacity, long maxWeight) {
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.mask = size - 1;
        this.maxWeight = maxWeight;
        this.weights = new long[size];
        this.cells = new AtomicReferenceArray<>(size);
        this.sequences = new AtomicLongArray(size);
        for (int i = 0; i < size; i++) {
            sequences.set(i, i);
        }
    }

    int capacity() {
        return mask + 1;
    }

    boolean offer(T item) {
        return offer(item, 0);
    }

    /**
     * Returns false when the slots are full or the item's weight would take the ring over its
     * maximum (unless nothing else waits: a single item larger than the maximum still passes).
     * Never blocks.
     */
    boolean offer(T item, long itemWeight) {
        long held = weight.addAndGet(itemWeight);
        if (held > maxWeight && held != itemWeight) {
            weight.addAndGet(-itemWeight);
            return false;
        }
        long t = tail.get();
        for (;;) {
            int index = (int) t & mask;
            long seq = sequences.get(index);
            long diff = seq - t;
            if (diff == 0) {
                if (tail.compareAndSet(t, t + 1)) {
                    weights[index] = itemWeight;
                    cells.lazySet(index, item);
                    sequences.set(index, t + 1);
                    return true;
                }
                t = tail.get();
            } else if (diff < 0) {
                weight.addAndGet(-itemWeight);
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
        long itemWeight = weights[index];
        cells.lazySet(index, null);
        sequences.set(index, h + mask + 1);
        head = h + 1;
        if (itemWeight != 0) {
            weight.addAndGet(-itemWeight);
        }
        return item;
    }

    /** Weight of what waits now (racy: offers under way count). */
    long weight() {
        return weight.get();
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
