package io.egressguard.collector.drain;

import io.egressguard.collector.consumer.ConsumerEntry;
import io.egressguard.collector.consumer.ConsumerRegistry;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Open-source Chronicle deletes no cycle file, so the drain does. What may go is decided by every
 * registered consumer of the queue ({@link ConsumerRegistry}), not only by the stores of the drain at
 * hand: a one-off drain into a scratch store must not delete what the main stores have not drained.
 * A drain whose stores are none of them registered deletes nothing.
 *
 * <p>A cycle file goes when every registered consumer and every store of this drain has committed
 * past it (the stores' positions, not a tailer's, which may be a batch ahead; other consumers'
 * positions as their entries say, which may lag but never lead), it is older than the retention,
 * and it is neither the current hour's cycle nor the newest file (an appender may still write
 * those). A journal whose JVM is gone (its pid is not alive on this host, or it ran elsewhere and
 * appended nothing for longer than the retention) goes whole once all of them have committed its
 * last entry and every frame of its spill file. The spill file itself, appended to by a live JVM,
 * is never cut: it goes with its journal. An entry that cannot be read stops the sweep: a consumer
 * retention cannot see might be the one still behind.
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

    /**
     * Sweeps every journal under {@code queueParent}; does nothing while a store's positions are
     * unknown, when none of this drain's stores is registered, or while a consumer entry is unreadable.
     *
     * @param registered this drain's registered stores: lane (store) name to consumer name
     */
    public Swept sweep(Path queueParent, List<LaneView> lanes, Map<String, String> registered, long nowMillis) {
        if (registered.isEmpty()) {
            return new Swept(0, 0);
        }
        List<Map<String, Long>> positions = new ArrayList<>();
        for (LaneView lane : lanes) {
            Map<String, Long> committed = lane.committed();
            if (committed == null) {
                return new Swept(0, 0);
            }
            positions.add(committed);
        }
        if (!addOtherConsumers(queueParent, registered.values(), positions, nowMillis)) {
            return new Swept(0, 0);
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
                    notices.accept("retention: removed journal " + journal.dir() + " (its JVM is gone and every consumer has all its events)");
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

    /**
     * Adds the positions of every registered consumer that this drain does not drain itself (its own
     * are in {@code positions} at their live values); false when an entry cannot be read. A consumer
     * silent for longer than the retention still counts: only a person can tell it is gone for good.
     */
    private boolean addOtherConsumers(Path queueParent, Collection<String> here, List<Map<String, Long>> positions, long nowMillis) {
        ConsumerRegistry.Listing listing = ConsumerRegistry.in(queueParent).read();
        for (ConsumerRegistry.Unreadable u : listing.unreadable()) {
            notices.accept("retention: " + u.describe() + "; nothing is deleted until it is fixed or removed");
        }
        if (!listing.unreadable().isEmpty()) {
            return false;
        }
        for (ConsumerEntry entry : listing.entries()) {
            if (here.contains(entry.name())) {
                continue;
            }
            positions.add(entry.positions());
            if (nowMillis - entry.updated().toEpochMilli() > retain.toMillis()) {
                notices.accept("retention: consumer " + entry.name() + " (" + entry.store() + ") has not updated since "
                        + entry.updated() + ", longer than the retention, and still holds back deletion; if it is gone for good:"
                        + " egressguard consumers remove " + entry.name() + " --queue " + queueParent);
            }
        }
        return true;
    }

    private static void lockAll(List<LaneView> lanes) {
        for (LaneView lane : lanes) {
            lane.lane().lock.lock();
        }
    }

    /** Whether every consumer has read the spill file up to its last whole frame (a torn tail is not an event). */
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
