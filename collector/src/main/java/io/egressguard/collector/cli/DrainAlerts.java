package io.egressguard.collector.cli;

import io.egressguard.collector.alert.AlertConfig;
import io.egressguard.collector.alert.AlertDispatcher;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** {@code drain --alerts}: which store the evaluation follows, and what it already knows. */
final class DrainAlerts {
    private DrainAlerts() {
    }

    /** The store whose commits are evaluated: the first SQL store (it also knows past destinations), else the first. */
    static int hookedStore(List<StoreUrl> urls) {
        for (int i = 0; i < urls.size(); i++) {
            if (isSql(urls.get(i))) {
                return i;
            }
        }
        return 0;
    }

    /** @param file the rules file, or "" for the defaults */
    static AlertConfig config(String file) {
        return file.isEmpty() ? AlertConfig.defaults() : AlertConfig.load(Path.of(file));
    }

    static AlertDispatcher start(AlertConfig config, List<StoreUrl> urls, PrintWriter err, Consumer<String> notices) {
        StoreUrl hooked = urls.get(hookedStore(urls));
        Set<String> known = Set.of();
        if (!isSql(hooked)) {
            notices.accept("alerts: no sqlite: or postgresql: store to learn past destinations from: new-destination"
                    + " fires for each destination first seen by this drain");
        } else if (!"sqlite".equals(hooked.scheme()) || Files.exists(hooked.sqlitePath())) { // else a first drain
            // Read before the drain commits anything, so the first batch's new destinations are still new.
            try (EventStore store = EventStores.open(hooked, false)) {
                known = store.knownDestinations();
            }
        }
        return new AlertDispatcher(config, known, line -> {
            synchronized (err) {
                err.println(line); // escaped by Alert.line()
                err.flush();
            }
        }, notices);
    }

    private static boolean isSql(StoreUrl url) {
        return "sqlite".equals(url.scheme()) || "postgresql".equals(url.scheme());
    }
}
