package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "purge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes stored events older than a given age or instant and prints how many went.",
                "Journal positions stay, so the drain does not bring the purged events back."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class PurgeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--older-than", paramLabel = "AGE", required = true, converter = TimeSpec.Converter.class,
            description = "A duration before now (30d, 12h) or an instant (2026-05-01T12:00:00Z, 2026-05-01).")
    TimeSpec olderThan;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            long purged = eventStore.purge(olderThan.resolveNanos(now));
            spec.commandLine().getOut().println(escape("purged " + purged + " events older than " + olderThan.resolve(now)
                    + " from " + store.url));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
