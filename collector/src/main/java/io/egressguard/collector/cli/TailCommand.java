package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.tail.EntrySink;
import io.egressguard.collector.report.EventLine;
import io.egressguard.collector.report.SafeJson;
import io.egressguard.collector.tail.LiveTail;
import io.egressguard.event.CorruptEventException;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints events as the agents journal them, like 'tail -f', straight from the journals under a queue directory.",
                "One line per event: time (UTC), action, api, host:port, method, URL, payload size, culprit frame [gav or jar].",
                "Starts at the end of every journal (--from-start: at the beginning) and picks up journals that appear later.",
                "Reads only: the drain's position and its named tailer are left as they are. Values are escaped for the terminal."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped by SIGTERM/Ctrl-C, --limit or --timeout", ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class TailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "DIR", required = true,
            description = "The queue parent directory: one subdirectory per JVM journal.")
    Path queue;

    @Option(names = "--json", description = "Print each event's JSON (one line, terminal-safe) instead of the summary line.")
    boolean json;

    @Option(names = "--from-start", description = "Print what the journals already hold first.")
    boolean fromStart;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "200ms", converter = TimeSpec.DurationConverter.class,
            description = "How long to wait when there is nothing new (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--limit", paramLabel = "N", description = "Exit 0 after printing N events (corrupt entries, reported on stderr, do not count).")
    Long limit;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = TimeSpec.DurationConverter.class,
            description = "Exit 0 after this long (30s, 5m).")
    Duration timeout;

    @Mixin
    CommonOptions common;

    private final StopSignal stop;
    private final boolean handleSignals;

    TailCommand(StopSignal stop, boolean handleSignals) {
        this.stop = stop;
        this.handleSignals = handleSignals;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--limit': " + limit + " (must be at least 1)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        if (handleSignals) {
            stop.onTerminationSignals();
        }
        try (LiveTail tail = new LiveTail(queue, fromStart)) {
            int journals = tail.start();
            err.println(escape("tailing " + journals + (journals == 1 ? " journal" : " journals") + " under " + queue
                    + (fromStart ? " from the start" : " from the end") + "; new journals are picked up (Ctrl-C to stop)"));
            err.flush();
            tail.follow(stop, poll.toMillis(), limit == null ? Long.MAX_VALUE : limit, deadline, new EntrySink() {
                @Override
                public boolean entry(JournalDir journal, long index, byte[] bytes) {
                    return print(journal, index, bytes, out, err);
                }

                @Override
                public void lost(Damage damage) {
                    err.println(escape(damage.describe()));
                    err.flush();
                }
            }, out::flush);
        } finally {
            stop.close();
        }
        out.flush();
        return ExitCodes.OK;
    }

    private boolean print(JournalDir journal, long index, byte[] bytes, PrintWriter out, PrintWriter err) {
        Event event;
        try {
            event = EventCodec.decode(bytes);
        } catch (CorruptEventException e) {
            err.println(escape("journal " + journal.dir() + " index " + Long.toHexString(index) + ": " + e.getMessage()));
            err.flush();
            return false;
        }
        if (event.count == 0 && !json) {
            // the agent's drop-count record: no attempt, only how many it could not record
            out.println(escape("journal " + journal.name() + ": the agent dropped " + event.dropped + " event(s) it could not record"));
            return true;
        }
        out.println(json ? SafeJson.line(new String(bytes, StandardCharsets.UTF_8)) : EventLine.of(event));
        return true;
    }
}
