package io.egressguard.collector.drain;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.store.EventSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Moves events from every journal under a queue parent into one or more stores. Each store is a
 * {@link StoreLane} with its own thread, readers and positions: a store that is down is paused and
 * retried while the others go on, and its position never moves past what it committed.
 */
public final class Drainer implements AutoCloseable {
    /** A store to drain into: {@code opener} is called again to reconnect after a failure when {@code owned}. */
    public record Target(String name, Supplier<EventSink> opener, boolean owned) {
    }

    /** How a one-shot drain went for one store: its figures and, if it failed, why. */
    public record Outcome(String store, DrainStats stats, RuntimeException failure, String pausedBecause) {
    }

    /** Called from the follow loop: periodic work such as retention and the status line. */
    public interface Tick {
        void run(List<LaneView> lanes);
    }

    private final Path queueParent;
    private final List<StoreLane> lanes = new ArrayList<>();

    /** One store that the caller opened and closes. */
    public Drainer(Path queueParent, EventSink sink, int batchSize, Consumer<String> notices) {
        this(queueParent, List.of(new Target(String.valueOf(sink), () -> sink, false)), batchSize, notices);
    }

    /**
     * @param notices receives one-line problems: corrupt entries, unreadable {@code jvm.json}, paused stores
     */
    public Drainer(Path queueParent, List<Target> targets, int batchSize, Consumer<String> notices) {
        this.queueParent = queueParent;
        for (Target t : targets) {
            lanes.add(new StoreLane(t.name(), t.opener(), t.owned(), queueParent, batchSize, notices));
        }
    }

    public Path queueParent() {
        return queueParent;
    }

    /** The single-store form of {@link #drainOnce}: a failure is thrown. */
    public DrainStats drainAvailable(StopSignal stop, DrainStats unused) {
        Outcome outcome = drainOnce(stop).get(0);
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        return outcome.stats();
    }

    /** Drains every store until it is caught up (stores in parallel); a failing store fails alone. */
    public List<Outcome> drainOnce(StopSignal stop) {
        RuntimeException[] failures = new RuntimeException[lanes.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            int n = i;
            Runnable work = () -> {
                try {
                    lanes.get(n).pass(stop);
                } catch (RuntimeException e) {
                    failures[n] = e;
                }
            };
            if (lanes.size() == 1) {
                work.run();
            } else {
                Thread t = new Thread(work, "egressguard-drain-" + n);
                t.start();
                threads.add(t);
            }
        }
        joinAll(threads);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            outcomes.add(new Outcome(lanes.get(i).name, lanes.get(i).stats, failures[i], null));
        }
        return outcomes;
    }

    /**
     * Drains, then polls for new entries and new journals until {@code stop}. A store that fails is
     * paused and retried with backoff. {@code tick} runs on the calling thread every {@code tickMillis}.
     */
    public List<Outcome> follow(StopSignal stop, long pollMillis, long tickMillis, Tick tick) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            StoreLane lane = lanes.get(i);
            Thread t = new Thread(() -> followLane(lane, stop, pollMillis), "egressguard-drain-" + lane.name);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        List<LaneView> views = views();
        while (!stop.await(tickMillis)) {
            tick.run(views);
        }
        joinAll(threads);
        List<Outcome> outcomes = new ArrayList<>();
        for (StoreLane lane : lanes) {
            outcomes.add(new Outcome(lane.name, lane.stats, null, lane.downCause()));
        }
        return outcomes;
    }

    /** The single-store form of {@link #follow} without periodic work, as tests use it. */
    public DrainStats follow(StopSignal stop, long pollMillis) throws InterruptedException {
        return follow(stop, pollMillis, 1_000, lanes -> { }).get(0).stats();
    }

    public List<LaneView> views() {
        List<LaneView> views = new ArrayList<>();
        for (StoreLane lane : lanes) {
            views.add(new LaneView(lane));
        }
        return views;
    }

    private static void followLane(StoreLane lane, StopSignal stop, long pollMillis) {
        try {
            while (!stop.isStopped()) {
                long wait = pollMillis;
                try {
                    long consumed = lane.pass(stop);
                    lane.succeeded();
                    if (consumed > 0) {
                        continue;
                    }
                } catch (RuntimeException e) {
                    long now = System.currentTimeMillis();
                    wait = Math.max(1, lane.failed(e, now) - now);
                }
                if (stop.await(wait)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (StoreLane lane : lanes) {
            try {
                lane.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure instanceof CollectorException ? failure : new CollectorException(failure.getMessage(), failure);
        }
    }
}
