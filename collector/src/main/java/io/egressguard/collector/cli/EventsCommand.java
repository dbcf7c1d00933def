package io.egressguard.collector.cli;

import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints stored events ordered by time, one JSON object per line with the event schema's field names.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class EventsCommand implements Callable<Integer> {
    enum Format { jsonl }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    FilterOptions filter;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            eventStore.forEachEventJson(filter.toFilter(Instant.now()), json -> out.println(oneLine(json)));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Stored JSON is one line already; anything else is re-serialised so JSONL stays one object per line. */
    private static String oneLine(String json) {
        if (json.indexOf('\n') < 0 && json.indexOf('\r') < 0) {
            return json;
        }
        try {
            return EventCodec.mapper().writeValueAsString(EventCodec.mapper().readTree(json));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
