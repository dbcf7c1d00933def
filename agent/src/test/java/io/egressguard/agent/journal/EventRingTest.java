package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventRingTest {

    @Test
    void fifoAndBoundedToAPowerOfTwo() {
        EventRing<Integer> ring = new EventRing<>(3);
        assertEquals(4, ring.capacity());
        for (int i = 0; i < 4; i++) {
            assertTrue(ring.offer(i));
        }
        assertFalse(ring.offer(99), "full ring refuses at once");
        for (int i = 0; i < 4; i++) {
            assertEquals(i, ring.poll());
        }
        assertNull(ring.poll());
        assertEquals(4, ring.accepted());
        assertEquals(4, ring.taken());
        assertTrue(ring.offer(5), "slots are reused after wrap-around");
        assertEquals(5, ring.poll());
    }

    @Test
    void boundedByTheWeightOfWhatWaitsTooButAlwaysTakesOneItem() {
        EventRing<Integer> ring = new EventRing<>(16, 100);
        assertTrue(ring.offer(1, 60));
        assertTrue(ring.offer(2, 40));
        assertFalse(ring.offer(3, 1), "at its weight: refused, though slots are free");
        assertEquals(100, ring.weight());
        assertEquals(1, ring.poll());
        assertEquals(40, ring.weight(), "a polled item's weight is given back");
        assertFalse(ring.offer(4, 61));
        assertTrue(ring.offer(5, 60));
        assertEquals(2, ring.poll());
        assertEquals(5, ring.poll());
        assertEquals(0, ring.weight());
        assertTrue(ring.offer(6, 1000), "alone, an item heavier than the maximum is taken");
        assertFalse(ring.offer(7, 1));
        assertEquals(6, ring.poll());
        assertTrue(ring.offer(8, 1));
        assertEquals(8, ring.poll());
        assertEquals(0, ring.weight());
    }

    @Test
    void anOfferRefusedForWantOfSlotsTakesNoWeight() {
        EventRing<Integer> ring = new EventRing<>(2, 1000);
        assertTrue(ring.offer(1, 10));
        assertTrue(ring.offer(2, 10));
        assertFalse(ring.offer(3, 10));
        assertEquals(20, ring.weight());
        assertEquals(1, ring.poll());
        assertEquals(2, ring.poll());
        assertEquals(0, ring.weight());
    }

    @Test
    void manyProducersOneConsumerLoseNothingTheyWereToldWasAccepted() throws Exception {
        EventRing<Integer> ring = new EventRing<>(64, 40 * 7);
        int producers = 4;
        int each = 50_000;
        AtomicInteger accepted = new AtomicInteger();
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            threads[p] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (ring.offer(base + i, 1 + i % 13)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            threads[p].start();
        }
        Set<Integer> seen = new HashSet<>();
        int[] lastPerProducer = new int[producers];
        java.util.Arrays.fill(lastPerProducer, -1);
        boolean running = true;
        while (running) {
            running = false;
            for (Thread t : threads) {
                running |= t.isAlive();
            }
            for (Integer v = ring.poll(); v != null; v = ring.poll()) {
                assertTrue(seen.add(v), "no duplicates");
                int p = v / each;
                assertTrue(v > lastPerProducer[p], "per-producer order kept");
                lastPerProducer[p] = v;
            }
        }
        for (Integer v = ring.poll(); v != null; v = ring.poll()) {
            seen.add(v);
        }
        assertEquals(accepted.get(), seen.size());
        assertEquals(0, ring.weight(), "every accepted weight given back, every refused one undone");
    }
}
