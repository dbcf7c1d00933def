package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.collector.drain.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Prints each registered consumer of the queue: name, store, last update and how many entries it lags.",
                "An entry that cannot be read is one line on stderr naming the file; retention waits while it is there."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class ConsumersListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "DIR", required = true, description = "The queue parent directory the drain reads.")
    Path queue;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConsumerRegistry.Listing listing = ConsumerRegistry.in(queue).read();
        List<Status.ConsumerFigures> figures;
        try (Status status = new Status()) {
            status.measure(queue, List.of(), Double.NaN); // checks the queue directory and opens its journals
            figures = status.measure(listing.entries());
        }
        if (listing.isEmpty()) {
            out.println(escape("no consumers registered in " + queue + " (the next drain registers its stores)"));
        }
        for (Status.ConsumerFigures f : figures) {
            out.println(escape(f.entry().name() + "  " + f.entry().store() + "  updated " + f.entry().updated()
                    + "  lag " + f.totalLag()));
        }
        for (ConsumerRegistry.Unreadable u : listing.unreadable()) {
            err.println(escape(u.describe() + "; retention waits until it is fixed or removed"));
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
