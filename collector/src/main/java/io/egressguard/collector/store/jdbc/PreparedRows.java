package io.egressguard.collector.store.jdbc;

import io.egressguard.collector.store.StoredEvent;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A batch of events with the work a SQL store can do before it touches the database: each event's
 * column values and, for a store that sums its rollups in memory, every rollup's sums over the whole
 * batch. Made on the drain's read thread ({@link JdbcEventStore#prepare}), so the writing thread
 * only binds. The sums hold when every event turns out new, which is the rule: a commit that finds
 * some stored already (a batch read again after a crash) sums the new ones itself.
 */
public final class PreparedRows extends AbstractList<StoredEvent> implements RandomAccess {
    private final List<StoredEvent> events;
    private final List<Object[]> rows;
    /** Per {@link Rollup#ALL}, in its order; null when the store does not sum in memory. */
    private final List<List<Object[]>> sums;

    private PreparedRows(List<StoredEvent> events, List<Object[]> rows, List<List<Object[]>> sums) {
        this.events = events;
        this.rows = rows;
        this.sums = sums;
    }

    static PreparedRows of(List<StoredEvent> events, boolean withSums) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (StoredEvent event : events) {
            rows.add(EventColumns.values(event));
        }
        List<List<Object[]>> sums = null;
        if (withSums) {
            sums = new ArrayList<>(Rollup.ALL.size());
            for (Rollup rollup : Rollup.ALL) {
                sums.add(rollup.sum(rows));
            }
        }
        return new PreparedRows(events, rows, sums);
    }

    /** Values in {@link EventColumns#NAMES} order, one array per event, in the events' order. */
    List<Object[]> rows() {
        return rows;
    }

    /** {@code rollup}'s sums over every row, or null when they were not made. */
    List<Object[]> sumsOfAll(Rollup rollup) {
        return sums == null ? null : sums.get(Rollup.ALL.indexOf(rollup));
    }

    @Override
    public StoredEvent get(int index) {
        return events.get(index);
    }

    @Override
    public int size() {
        return events.size();
    }
}
