package io.egressguard.collector.alert;

import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The drain's hook for {@code --alerts}: a store whose commits also hand the batch to the alert
 * dispatcher, after the store has committed it. A batch the store had entirely (re-read after a
 * crash) is not evaluated again; the alerts file keeps a partly new one from repeating alerts.
 */
public final class AlertingSink implements EventSink {
    private final EventSink store;
    private final AlertDispatcher alerts;

    public AlertingSink(EventSink store, AlertDispatcher alerts) {
        this.store = store;
        this.alerts = alerts;
    }

    @Override
    public void migrate() {
        store.migrate();
    }

    @Override
    public Map<String, Long> positions() {
        return store.positions();
    }

    @Override
    public List<StoredEvent> prepare(List<StoredEvent> events) {
        return store.prepare(events);
    }

    @Override
    public int commit(List<StoredEvent> events, List<Damage> damaged, Map<String, Long> positions) {
        int stored = store.commit(events, damaged, positions);
        if (stored > 0) {
            alerts.offer(new ArrayList<>(events)); // the reader may reuse its list for the next batch
        }
        return stored;
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return store.toString();
    }
}
