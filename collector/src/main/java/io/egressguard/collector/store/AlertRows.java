package io.egressguard.collector.store;

import java.util.List;

/** What the on-demand alert queries return: counts per destination and time window, computed by the store. */
public final class AlertRows {
    private AlertRows() {
    }

    /**
     * Which events one alert rule counts, per destination and window.
     *
     * @param severities    only these severities (wire names), or null
     * @param action        only this action (wire name), or null
     * @param payloadOver   only events whose payload is larger than this many bytes, or null
     * @param windowNanos   the window length; windows start at multiples of it (epoch)
     * @param moreThan      only windows whose attempts (sum of counts) exceed this
     */
    public record Query(long sinceNanos, Long untilNanos, List<String> severities, String action, Long payloadOver,
                        long windowNanos, long moreThan) {
    }

    /**
     * One destination in one window.
     *
     * @param firstId the id of its earliest matching event (ids are time-ordered)
     */
    public record Window(String destination, long windowStartNanos, long attempts, long firstNanos, String firstId) {
    }

    /** A destination whose first event of all falls in the range asked for. */
    public record FirstSeen(String destination, long firstNanos, String firstId) {
    }
}
