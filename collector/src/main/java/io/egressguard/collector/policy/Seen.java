package io.egressguard.collector.policy;

import io.egressguard.collector.store.SeenDestination;
import java.util.Arrays;
import java.util.TreeSet;

/** One destination and port, its rows of every action added up. */
final class Seen {
    final String destination;
    final int port;
    long monitored;
    long allowed;
    long blocked;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    String vendor;
    final TreeSet<String> origins = new TreeSet<>();

    Seen(String destination, int port) {
        this.destination = destination;
        this.port = port;
    }

    void add(SeenDestination row) {
        switch (row.action() == null ? "" : row.action()) {
            case "monitored" -> monitored += row.attempts();
            case "allowed" -> allowed += row.attempts();
            case "blocked" -> blocked += row.attempts();
            default -> {
                return; // an action this collector does not know: not learned from
            }
        }
        firstNanos = Math.min(firstNanos, row.firstNanos());
        lastNanos = Math.max(lastNanos, row.lastNanos());
        if (row.vendor() != null) {
            vendor = row.vendor();
        }
        if (row.origins() != null && !row.origins().isEmpty()) {
            origins.addAll(Arrays.asList(row.origins().split(",")));
        }
    }

    /** Attempts that got through (monitored or allowed): what a suggestion allows. */
    long passed() {
        return monitored + allowed;
    }

    String label() {
        String d = destination.indexOf(':') >= 0 && Destinations.isIp(destination) ? "[" + destination + "]" : destination;
        return port >= 0 ? d + ":" + port : d;
    }
}
