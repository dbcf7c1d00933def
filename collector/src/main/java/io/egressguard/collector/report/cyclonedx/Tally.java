package io.egressguard.collector.report.cyclonedx;

import io.egressguard.collector.report.Cells;
import io.egressguard.collector.store.ReportRows.Flow;
import java.util.List;
import org.cyclonedx.model.Property;

/** Attempts by action and the first and last time over some flows: a component's, a service's, or one flow's. */
final class Tally {
    long blocked;
    long monitored;
    long allowed;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    void add(Flow f) {
        switch (f.action() == null ? "" : f.action()) {
            case "blocked" -> blocked += f.attempts();
            case "monitored" -> monitored += f.attempts();
            default -> allowed += f.attempts(); // the agent records nothing else; an unknown action was let through
        }
        first = Math.min(first, f.firstNanos());
        last = Math.max(last, f.lastNanos());
    }

    long attempts() {
        return blocked + monitored + allowed;
    }

    /** The tally as properties {@code egressguard:attempts}, {@code :blocked}, ..., {@code :firstSeen}, {@code :lastSeen}. */
    void addTo(List<Property> properties) {
        properties.add(new Property(Sbom.NS + "attempts", Long.toString(attempts())));
        properties.add(new Property(Sbom.NS + "blocked", Long.toString(blocked)));
        properties.add(new Property(Sbom.NS + "monitored", Long.toString(monitored)));
        properties.add(new Property(Sbom.NS + "allowed", Long.toString(allowed)));
        properties.add(new Property(Sbom.NS + "firstSeen", Cells.timeIso(first)));
        properties.add(new Property(Sbom.NS + "lastSeen", Cells.timeIso(last)));
    }
}
