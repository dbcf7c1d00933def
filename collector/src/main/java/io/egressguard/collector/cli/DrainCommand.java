package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.drain.DrainStats;
import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "drain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves events from every JVM journal under a queue directory into a store, exactly once.",
                "Each JVM's journal is a subdirectory holding its Chronicle Queue (*.cq4) and jvm.json.",
                "Without --follow, exits when every journal is caught up. Corrupt entries are reported on stderr and skipped."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class DrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "DIR", required = true,
            description = "The queue parent directory: one subdirectory per JVM journal.")
    Path queue;

    @Mixin
    StoreOption store;

    @Option(names = "--follow", description = "Keep draining, picking up journals that appear later, until SIGTERM or Ctrl-C;"
            + " then commit the current batch and exit 0.")
    boolean follow;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "500ms", converter = TimeSpec.DurationConverter.class,
            description = "With --follow, how long to wait when there is nothing new (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "2000",
            description = "Events per store transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    CommonOptions common;

    private final StopSignal stop;
    private final boolean handleSignals;

    DrainCommand(StopSignal stop, boolean handleSignals) {
        this.stop = stop;
        this.handleSignals = handleSignals;
    }

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--batch-size': " + batchSize
                    + " (must be at least 1)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Checked before the store is opened, so a mistyped --queue does not leave an empty database behind.
        if (JournalDir.discover(queue).isEmpty()) {
            err.println(escape("no journals under " + queue + " yet (expected subdirectories with *.cq4 files or "
                    + JournalDir.JVM_FILE + ")" + (follow ? ": waiting for them" : ": nothing to drain")));
            err.flush();
        }
        if (handleSignals) {
            stop.onTerminationSignals();
        }
        try (EventStore eventStore = EventStores.open(store.url, true);
             Drainer drainer = new Drainer(queue, eventStore, batchSize, line -> {
                 err.println(escape(line));
                 err.flush();
             })) {
            DrainStats stats = follow ? drainer.follow(stop, poll.toMillis()) : drainer.drainAvailable(stop, new DrainStats());
            out.println(escape("drained " + stats.stored() + " new events from " + stats.journals() + " journals into " + store.url
                    + (stats.duplicates() > 0 ? " (" + stats.duplicates() + " already stored)" : "")
                    + (stats.corrupt() > 0 ? " (" + stats.corrupt() + " corrupt entries skipped)" : "")));
            out.flush();
            return ExitCodes.OK;
        } finally {
            stop.close();
        }
    }
}
