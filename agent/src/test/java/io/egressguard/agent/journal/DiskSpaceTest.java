package io.egressguard.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskSpaceTest {
    private static final long MIB = 1 << 20;

    /** A volume whose free space shrinks by what is written to it, as a tmpfs does. */
    private static final class FakeVolume implements DiskSpace.Volume {
        final long total;
        long usable;
        int measurements;

        FakeVolume(long total, long usable) {
            this.total = total;
            this.usable = usable;
        }

        @Override
        public long totalBytes() {
            return total;
        }

        @Override
        public long usableBytes() {
            measurements++;
            return usable;
        }
    }

    @Test
    void theReserveIsAtMostATenthOfTheVolume() {
        assertEquals(64 * MIB, DiskSpace.reserveFor(64 * MIB, 100L << 30), "a large volume keeps disk.min-free");
        assertEquals(10 * MIB, DiskSpace.reserveFor(64 * MIB, 100 * MIB), "a tenth of a 100 MiB volume");
        assertEquals(DiskSpace.FLOOR_BYTES, DiskSpace.reserveFor(64 * MIB, 1 * MIB), "the floor on a tiny volume");
        assertEquals(DiskSpace.HARD_MIN_BYTES, DiskSpace.reserveFor(0, 100L << 30), "Chronicle's index pages are always kept free");
        assertEquals(512 << 10, DiskSpace.reserveFor(512 << 10, 100L << 30), "a smaller setting is kept");
    }

    @Test
    void writesStopAtTheReserveWhateverTheirSizeAndTiming() {
        FakeVolume v = new FakeVolume(4 * MIB, 4 * MIB);
        List<String> lines = new ArrayList<>();
        DiskSpace space = new DiskSpace("/j", v, 64 * MIB, 1000, lines::add);
        long written = 0;
        int refused = 0;
        // all within one check period: a time-based check alone would let them all through
        for (int i = 0; i < 200; i++) {
            long record = 60_000;
            if (!space.full(5) && space.take(record, 5)) {
                v.usable -= record + DiskSpace.ENTRY_OVERHEAD;
                written += record;
            } else {
                refused++;
            }
        }
        long reserve = DiskSpace.reserveFor(64 * MIB, 4 * MIB);
        assertTrue(v.usable >= reserve, "never into the reserve: " + v.usable + " < " + reserve);
        assertTrue(v.usable < reserve + 60_000 + DiskSpace.ENTRY_OVERHEAD, "filled up to the reserve: " + v.usable);
        assertTrue(refused > 0 && written > 0);
        assertEquals(1, lines.size(), "one line when it stops: " + lines);
        assertTrue(lines.get(0).contains("409 KiB reserve") && lines.get(0).contains("4.0 MiB volume"), lines.get(0));
        assertTrue(v.measurements < 10, "measured when the headroom ran out, not per event: " + v.measurements);
    }

    @Test
    void recordingResumesWhenSpaceIsFreedAndSaysSo() {
        FakeVolume v = new FakeVolume(100 * MIB, 5 * MIB);
        List<String> lines = new ArrayList<>();
        DiskSpace space = new DiskSpace("/j", v, 64 * MIB, 1000, lines::add);
        assertTrue(space.full(0), "5 MiB free is below a 10 MiB reserve");
        v.usable = 50 * MIB;
        assertTrue(space.full(999), "not measured again before the check period ends");
        assertFalse(space.full(1000));
        assertTrue(space.take(1000, 1000));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("egressguard: journal /j has 5.0 MiB free, at its 10.0 MiB reserve"), lines.get(0));
        assertTrue(lines.get(1).contains("free again; recording resumes"), lines.get(1));
    }

    @Test
    void aLargeRecordThatNoLongerFitsIsRefusedAndSmallerOnesStillPass() {
        FakeVolume v = new FakeVolume(100 * MIB, 10 * MIB + 200_000);
        DiskSpace space = new DiskSpace("/j", v, 64 * MIB, 1000, line -> { });
        assertFalse(space.full(0));
        assertFalse(space.take(1 << 20, 0), "1 MiB does not fit above the reserve");
        assertTrue(space.take(100_000, 0));
    }

    @Test
    void sizesReadAsAPersonWouldSayThem() {
        assertEquals("512 bytes", DiskSpace.size(512));
        assertEquals("400 KiB", DiskSpace.size(400 << 10));
        assertEquals("64.0 MiB", DiskSpace.size(64 * MIB));
        assertEquals("2.5 GiB", DiskSpace.size(5L << 29));
    }
}
