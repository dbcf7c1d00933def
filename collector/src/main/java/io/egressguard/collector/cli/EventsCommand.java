package io.egressguard.collector.cli;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.report.CsvEvents;
import io.egressguard.collector.report.EventTable;
import io.egressguard.collector.report.SafeJson;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints stored events ordered by time.",
                "jsonl: one JSON object per line with the event schema's field names; DEL, C1 controls and bidi overrides"
                        + " are \\u escapes so the output is safe on a terminal.",
                "csv: RFC 4180 with a header row, one event per line (a line break in a value is escaped as \\x0a);"
                        + " a text cell starting with = + - @ gets a leading ' (no formulas).",
                "table: aligned columns cut to the terminal width (--width, else $COLUMNS, else 120)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class EventsCommand implements Callable<Integer> {
    enum Format { jsonl, csv, table }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--width", paramLabel = "N",
            description = "With --format table, the line width (default: $COLUMNS, else " + EventTable.DEFAULT_WIDTH + ").")
    Integer width;

    @Mixin
    FilterOptions filter;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (width != null && width < 20) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--width': " + width + " (must be at least 20)");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            switch (format) {
                case csv -> {
                    CsvEvents csv = new CsvEvents(out);
                    csv.header();
                    eventStore.forEachEventJson(filter.toFilter(Instant.now()), json -> csv.row(decode(json)));
                }
                case table -> {
                    EventTable table = new EventTable(width != null ? width : terminalWidth());
                    eventStore.forEachEventJson(filter.toFilter(Instant.now()), json -> table.add(decode(json)));
                    table.print(out);
                }
                default -> eventStore.forEachEventJson(filter.toFilter(Instant.now()), json -> out.println(SafeJson.line(json)));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** $COLUMNS when it is a sensible number (shells export it only sometimes), else the default. */
    static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            int value = columns == null ? 0 : Integer.parseInt(columns.trim());
            return value >= 20 ? value : EventTable.DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return EventTable.DEFAULT_WIDTH;
        }
    }

    static Event decode(String json) {
        try {
            return EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        } catch (CorruptEventException e) {
            throw new CollectorException("a stored event cannot be read: " + e.getMessage(), e);
        }
    }
}
