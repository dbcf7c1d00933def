package io.egressguard.collector.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/** A journal's cycle files, oldest first, and what an index says about its cycle. */
public final class CycleFiles {
    @SuppressWarnings("deprecation") // FAST_HOURLY: the roll cycle the agent writes
    public static final RollCycle ROLL = RollCycles.FAST_HOURLY;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern(ROLL.format());
    private static final String SUFFIX = ".cq4";

    private CycleFiles() {
    }

    /** A cycle file and its cycle number. */
    public record Entry(int cycle, Path path) {
    }

    public static List<Entry> list(Path journal) {
        List<Entry> cycles = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal)) {
            files.forEach(f -> {
                String name = f.getFileName().toString();
                if (name.endsWith(SUFFIX)) {
                    int cycle = cycleOf(name.substring(0, name.length() - SUFFIX.length()));
                    if (cycle >= 0) {
                        cycles.add(new Entry(cycle, f));
                    }
                }
            });
        } catch (IOException e) {
            return cycles;
        }
        cycles.sort(Comparator.comparingInt(Entry::cycle));
        return cycles;
    }

    /** The cycle a file name stands for (hours since the epoch, UTC), or -1 for a name that is no cycle. */
    static int cycleOf(String base) {
        try {
            long millis = LocalDateTime.parse(base, NAME).toInstant(ZoneOffset.UTC).toEpochMilli();
            return (int) (millis / ROLL.lengthInMillis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    public static int cycleOfIndex(long index) {
        return ROLL.toCycle(index);
    }

    public static long sequenceOf(long index) {
        return ROLL.toSequenceNumber(index);
    }

    public static long index(int cycle, long sequence) {
        return ROLL.toIndex(cycle, sequence);
    }
}
