package io.egressguard.collector.cli;

import io.egressguard.collector.report.TextReport;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints a text report of stored events: a summary, attempts by destination and by culprit.",
                "Attempts count every attempt an event stands for (its count), not just records."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Rows per table (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    FilterOptions filter;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit + " (must be at least 1)");
        }
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            new TextReport(eventStore, limit).write(filter.toFilter(Instant.now()), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }
}
