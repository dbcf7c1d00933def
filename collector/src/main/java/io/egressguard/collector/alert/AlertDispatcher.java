package io.egressguard.collector.alert;

import io.egressguard.collector.store.StoredEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Evaluates committed batches on its own thread, so the drain never waits for a rule, a file or a
 * command: {@link #offer} only queues the batch. When the queue is full (a command much slower than
 * the drain), batches are dropped, counted and reported once; the store still has every event, so
 * {@code alerts --store} can catch up.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final int QUEUED_BATCHES = 1024;
    private static final List<StoredEvent> STOP = List.of();

    private final AlertEngine engine;
    private final AlertOutputs outputs;
    private final Consumer<String> notices;
    private final BlockingQueue<List<StoredEvent>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final AtomicLong droppedEvents = new AtomicLong();
    private final Thread thread;

    public AlertDispatcher(AlertConfig config, Set<String> known, Consumer<String> alertLines, Consumer<String> notices) {
        this.outputs = new AlertOutputs(config, alertLines, notices);
        this.engine = new AlertEngine(config.rules(), known, SentAlerts.read(config.file(), notices));
        this.notices = notices;
        this.thread = new Thread(this::run, "egressguard-alerts");
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a committed batch over; never blocks. */
    public void offer(List<StoredEvent> committed) {
        if (!queue.offer(committed) && droppedEvents.getAndAdd(committed.size()) == 0) {
            notices.accept("alerts: evaluation is behind the drain (a slow command?); skipping batches until it catches up"
                    + " (run 'egressguard alerts --store ...' for what was skipped)");
        }
    }

    private void run() {
        try {
            while (true) {
                List<StoredEvent> batch = queue.take();
                if (batch == STOP) {
                    return;
                }
                for (StoredEvent stored : batch) {
                    try {
                        for (Alert a : engine.evaluate(stored.event())) {
                            outputs.send(a);
                        }
                    } catch (RuntimeException e) {
                        notices.accept("alerts: event " + stored.event().id + " not evaluated: " + e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long sent() {
        return outputs.sent();
    }

    /** Evaluates what is queued (waiting up to the command timeout per queued batch), then stops. */
    @Override
    public void close() {
        try {
            queue.put(STOP);
            thread.join(TimeUnit.SECONDS.toMillis(5) + outputs.commandTimeoutMillis() * Math.max(1, queue.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            notices.accept("alerts: stopped before every committed event was evaluated");
        }
        if (droppedEvents.get() > 0) {
            notices.accept("alerts: " + droppedEvents.get() + " committed events were not evaluated (the evaluation fell behind)");
        }
        if (outputs.commandFailuresSinceReported() > 0) {
            notices.accept("alerts: the command failed " + outputs.commandFailuresSinceReported() + " more times after the first");
        }
    }
}
