package io.egressguard.collector.drain;

import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.journal.SpillLog;
import io.egressguard.collector.journal.SpillReader;
import io.egressguard.event.JvmInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Open-source Chronicle deletes no cycle file, so the drain does. A cycle file goes when every
 * configured store has committed past it (the stores' positions, not a tailer's, which may be a
 * batch ahead), it is older than the retention, and it is neither the current hour's cycle nor the
 * newest file (an appender may still write those). A journal whose JVM is gone (its pid is not
 * alive on this host, or it ran elsewhere and appended nothing for longer than the retention) goes
 * whole once every store has committed its last entry and every frame of its spill file. The spill
 * file itself, appended to by a live JVM, is never cut: it goes with its journal.
 */
public final class Retention {
    private static final RollCycle CYCLE = RollCycles.FAST_HOURLY;
    private static final DateTimeFormatter CYCLE_NAME = DateTimeFormatter.ofPattern(CYCLE.format());

    private final Duration retain;
    private final String hostname;
    private final Consumer<String> notices;

    public Retention(Duration retain, String hostname, Consumer<String> notices) {
        this.retain = retain;
        this.hostname = hostname;
        this.notices = notices;
    }

    /** What one sweep removed. */
    public record Swept(int cycleFiles, int journals) {
    }

    /** Sweeps every journal under {@code queueParent}; does nothing while a store's positions are unknown. */
    public Swept sweep(Path queueParent, List<LaneView> lanes, long nowMillis) {
        List<Map<String, Long>> positions = new ArrayList<>();
        for (LaneView lane : lanes) {
            Map<String, Long> committed = lane.committed();
            if (committed == null) {
                return new Swept(0, 0);
            }
            positions.add(committed);
        }
        int files = 0;
        int journals = 0;
        lockAll(lanes);
        try {
            for (JournalDir journal : JournalDir.discover(queueParent)) {
                boolean cycles = journal.hasCycles();
                Long passed = minimum(positions, journal.name());
                if (passed == null && (cycles || !journal.hasSpill())) {
                    continue; // a store has not read its queue yet (or there is nothing but jvm.json)
                }
                if (isDead(journal, nowMillis) && (!cycles || fullyDrained(lanes, journal.name(), passed))
                        && spillDrained(positions, journal)) {
                    for (LaneView lane : lanes) {
                        lane.lane().forget(journal.name());
                    }
                    deleteTree(journal.dir());
                    notices.accept("retention: removed journal " + journal.dir() + " (its JVM is gone and every store has all its events)");
                    journals++;
                    continue;
                }
                if (passed == null) {
                    continue;
                }
                // readers list a journal's cycle files afresh as they go, so nothing needs telling
                files += deleteCycles(journal, CYCLE.toCycle(passed), nowMillis);
            }
        } finally {
            for (LaneView lane : lanes) {
                lane.lane().lock.unlock();
            }
        }
        return new Swept(files, journals);
    }

    private static void lockAll(List<LaneView> lanes) {
        for (LaneView lane : lanes) {
            lane.lane().lock.lock();
        }
    }

    /** Whether every store has read the spill file up to its last whole frame (a torn tail is not an event). */
    private boolean spillDrained(List<Map<String, Long>> positions, JournalDir journal) {
        if (!journal.hasSpill()) {
            return true;
        }
        long end;
        try {
            end = SpillLog.readableEnd(journal.dir());
        } catch (IOException e) {
            notices.accept("retention: cannot read " + journal.dir().resolve(SpillLog.NAME) + ": " + e.getMessage());
            return false;
        }
        if (end == 0) {
            return true;
        }
        Long reached = minimum(positions, SpillReader.keyOf(journal));
        return reached != null && reached >= end;
    }

    private static Long minimum(List<Map<String, Long>> positions, String journal) {
        Long min = null;
        for (Map<String, Long> p : positions) {
            Long index = p.get(journal);
            if (index == null) {
                return null;
            }
            min = min == null ? index : Math.min(min, index);
        }
        return min;
    }

    private int deleteCycles(JournalDir journal, int committedCycle, long nowMillis) {
        List<Path> cycles = cycleFiles(journal.dir());
        if (cycles.isEmpty()) {
            return 0;
        }
        int newest = cycleOf(cycles.get(cycles.size() - 1));
        int current = (int) (nowMillis / CYCLE.lengthInMillis());
        int deleted = 0;
        for (Path file : cycles) {
            int cycle = cycleOf(file);
            if (cycle < 0 || cycle >= committedCycle || cycle >= newest || cycle >= current) {
                continue;
            }
            try {
                if (nowMillis - Files.getLastModifiedTime(file).toMillis() > retain.toMillis() && Files.deleteIfExists(file)) {
                    deleted++;
                }
            } catch (IOException e) {
                notices.accept("retention: cannot delete " + file + ": " + e.getMessage());
            }
        }
        return deleted;
    }

    private boolean isDead(JournalDir journal, long nowMillis) {
        JvmInfo jvm;
        try {
            jvm = journal.readJvm();
        } catch (IOException e) {
            return false;
        }
        if (jvm == null || jvm.pid <= 0) {
            return false;
        }
        if (hostname.equals(jvm.hostname)) {
            return jvm.pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(jvm.pid).map(p -> !p.isAlive()).orElse(true);
        }
        List<Path> cycles = cycleFiles(journal.dir());
        try {
            long newest = cycles.isEmpty() ? Files.getLastModifiedTime(journal.dir()).toMillis()
                    : Files.getLastModifiedTime(cycles.get(cycles.size() - 1)).toMillis();
            if (journal.hasSpill()) {
                newest = Math.max(newest, Files.getLastModifiedTime(journal.dir().resolve(SpillLog.NAME)).toMillis());
            }
            return nowMillis - newest > retain.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean fullyDrained(List<LaneView> lanes, String journal, long passed) {
        for (LaneView lane : lanes) {
            Long last = lane.lane().lastIndex(journal);
            if (last == null || last > passed) {
                return false;
            }
        }
        return true;
    }

    static int cycleOf(Path file) {
        String name = file.getFileName().toString();
        try {
            LocalDateTime start = LocalDateTime.parse(name.substring(0, name.length() - ".cq4".length()), CYCLE_NAME);
            return (int) (start.toInstant(ZoneOffset.UTC).toEpochMilli() / CYCLE.lengthInMillis());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static List<Path> cycleFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4") && cycleOf(f) >= 0)
                    .sorted(Comparator.comparingInt(Retention::cycleOf)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            notices.accept("retention: cannot remove journal " + dir + ": " + e.getMessage());
        }
    }

    /** This host's name as the agent records it in {@code jvm.json}, read without any lookup. */
    public static String localHostname() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back to the environment
        }
        String h = System.getenv("HOSTNAME");
        if (h == null) {
            h = System.getenv("COMPUTERNAME");
        }
        return h == null || h.isEmpty() ? "localhost" : h;
    }
}
