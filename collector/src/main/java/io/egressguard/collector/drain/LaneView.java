package io.egressguard.collector.drain;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What retention and the status line may see and do of one store's lane, from another thread. */
public final class LaneView {
    private final StoreLane lane;

    LaneView(StoreLane lane) {
        this.lane = lane;
    }

    StoreLane lane() {
        return lane;
    }

    public String store() {
        return lane.name;
    }

    public DrainStats stats() {
        return lane.stats;
    }

    /** Null while the store has never been reached. */
    public Map<String, Long> committed() {
        return lane.committed();
    }

    /** The cause, or null while the store is up. */
    public String pausedBecause() {
        return lane.downCause();
    }

    public List<String> journals() {
        return lane.journals();
    }

    /** Runs {@code work} while this lane is between passes; the argument gives the lane's operations. */
    public <T> T locked(Function<Locked, T> work) {
        lane.lock.lock();
        try {
            return work.apply(new Locked());
        } finally {
            lane.lock.unlock();
        }
    }

    /** Operations on the lane's readers, valid only inside {@link #locked}. */
    public final class Locked {
        public Long lastIndex(String journal) {
            return lane.lastIndex(journal);
        }

        public void forget(String journal) {
            lane.forget(journal);
        }
    }
}
