package io.egressguard.collector.cli;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.report.EventDetail;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints one stored event in full: header, request, payload (text, or a hex dump of binary bytes),"
                + " the stack with the culprit frame marked '>', and the JVM.", "Values are escaped for the terminal."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, "1:failed: no event with that id, or the store could not be used (one line on stderr says which)",
                ExitCodes.USAGE_LINE})
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The event id, as 'events' and 'tail --json' print it.")
    String id;

    @Mixin
    StoreOption store;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            String json = eventStore.eventJson(id)
                    .orElseThrow(() -> new CollectorException("no event with id " + id + " in store " + store.url));
            new EventDetail(spec.commandLine().getOut()).write(EventsCommand.decode(json));
        }
        return ExitCodes.OK;
    }
}
