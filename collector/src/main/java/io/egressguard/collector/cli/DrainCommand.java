package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.CollectorException;
import io.egressguard.collector.alert.AlertConfig;
import io.egressguard.collector.alert.AlertDispatcher;
import io.egressguard.collector.alert.AlertingSink;
import io.egressguard.collector.consumer.ConsumerRegistry;
import io.egressguard.collector.drain.DrainStats;
import io.egressguard.collector.drain.Drainer;
import io.egressguard.collector.drain.LaneView;
import io.egressguard.collector.drain.Registrations;
import io.egressguard.collector.drain.Retention;
import io.egressguard.collector.drain.Status;
import io.egressguard.collector.drain.StopSignal;
import io.egressguard.collector.journal.JournalDir;
import io.egressguard.collector.store.Damage;
import io.egressguard.collector.store.EventSink;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.StoreUrl;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "drain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves events from every JVM journal under a queue directory into one or more stores, exactly once"
                + " (JSONL: at least once).",
                "Each JVM's journal is a subdirectory holding its Chronicle Queue (*.cq4) and jvm.json.",
                "Without --follow, exits when every journal is caught up. Every record is checked (CRC32C): damaged or"
                        + " corrupt entries are never stored; each stretch lost is reported on stderr with its journal,"
                        + " cycle file and indexes, kept in the store's damaged table (Kafka: TOPIC.damaged; JSON lines:"
                        + " FILE.damaged), and the reading goes on at the next intact record.",
                "Several --store options fan out: each store keeps its own positions; with --follow a store that is down"
                        + " is paused, reported once a minute and retried with backoff while the others go on.",
                "Retention deletes only what every registered consumer of the queue has committed. The consumers are kept in"
                        + " DIR/consumers/, one entry per store: a registered store keeps its entry current; --register registers"
                        + " a new one; when the queue has no consumer yet, the drain's stores register themselves. Any other"
                        + " store drains read-only for retention: nothing is deleted for it (one line on stderr says so).",
                "See the consumers and their lag with --status or 'egressguard consumers list'; forget one that is gone"
                        + " for good with 'egressguard consumers remove NAME' (docs/retention.md)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.DAMAGE_LINE})
final class DrainCommand implements Callable<Integer> {
    private static final long MINUTE = 60_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "DIR", required = true,
            description = "The queue parent directory: one subdirectory per JVM journal.")
    Path queue;

    @Option(names = "--store", paramLabel = "URL", converter = StoreOption.Converter.class,
            description = "Where events go, repeatable: sqlite:PATH, postgresql://user@host:port/db (or jdbc:postgresql:...),"
                    + " jsonl:PATH or jsonl:- (stdout) (default: " + StoreUrl.DEFAULT + ").")
    List<StoreUrl> stores = new ArrayList<>();

    @Option(names = "--follow", description = "Keep draining, picking up journals that appear later, until SIGTERM or Ctrl-C;"
            + " then commit the current batch and exit 0. Shows a status line on a terminal, else logs one every minute"
            + " (see --status-every).")
    boolean follow;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "500ms", converter = TimeSpec.DurationConverter.class,
            description = "With --follow, how long to wait when there is nothing new (default: ${DEFAULT-VALUE}).")
    Duration poll;

    // Each transaction rewrites the index and rollup pages it touches, so larger ones write fewer pages
    // per event (docs/benchmarks/history.md, "Collector drain"). A batch also ends at 16 MiB of records
    // (StoreLane), and two are in memory at once.
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "5000",
            description = "Most events per store transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--retain", paramLabel = "DURATION", defaultValue = "24h", converter = TimeSpec.DurationConverter.class,
            description = "Delete journal cycle files every registered consumer has committed once they are older than this,"
                    + " and the journals of JVMs that are gone once every consumer has all their events; warn about a"
                    + " consumer silent for longer than this (default: ${DEFAULT-VALUE}).")
    Duration retain;

    @Option(names = "--register", description = "Register the stores as consumers of the queue, so that retention keeps"
            + " what they have not drained; without it a store that is not registered yet drains read-only for retention"
            + " (unless the queue has no consumer at all).")
    boolean register;

    @Option(names = "--alerts", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "Evaluate alert rules on the events as they are committed (to the first sqlite: or postgresql:"
                    + " store): the rules and outputs in FILE, or without FILE the defaults (docs/alerts.md).")
    String alerts;

    @Option(names = "--status-every", paramLabel = "DURATION", converter = TimeSpec.DurationConverter.class,
            description = "With --follow, how often the status line is redrawn on a terminal or logged otherwise"
                    + " (default: 1s on a terminal, 1m otherwise).")
    Duration statusEvery;

    @Option(names = "--accept-damage", description = "Exit 0 even when entries were lost to damage (they are still"
            + " reported and recorded); without it a drain that met damage exits " + ExitCodes.DAMAGE + ".")
    boolean acceptDamage;

    @Option(names = "--status", description = "Print each store's positions and lag behind each journal, and every registered"
            + " consumer of the queue with its last update and lag, as JSON, and exit.")
    boolean status;

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
        // A bad rules file stops the drain before anything is read or opened.
        AlertConfig alertConfig = alerts == null ? null : DrainAlerts.config(alerts);
        List<StoreUrl> urls = new ArrayList<>(new LinkedHashSet<>(stores.isEmpty() ? List.of(StoreUrl.parse(StoreUrl.DEFAULT)) : stores));
        boolean toStdout = urls.stream().anyMatch(StoreUrl::isStdout);
        // With jsonl:- stdout carries events only; everything else the drain says goes to stderr.
        PrintWriter out = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> notices = line -> {
            synchronized (err) {
                err.println(escape(line));
                err.flush();
            }
        };
        if (status) {
            return printStatus(urls, out);
        }
        boolean signalsHandled = false;
        if (follow && !Files.exists(queue)) {
            // Started before any agent (a container's collector beside the app): wait for the
            // directory as for new records, stopped by SIGTERM or Ctrl-C like the drain itself.
            if (handleSignals) {
                stop.onTerminationSignals();
                signalsHandled = true;
            }
            notices.accept("queue directory " + queue + " does not exist yet: waiting for it");
            while (!Files.exists(queue)) {
                if (stop.await(poll.toMillis())) {
                    stop.close();
                    return ExitCodes.OK;
                }
            }
        }
        // Checked before the stores are opened, so a mistyped --queue does not leave an empty database behind.
        if (JournalDir.discover(queue).isEmpty()) {
            notices.accept("no journals under " + queue + " yet (expected subdirectories with *.cq4 files or "
                    + JournalDir.JVM_FILE + ")" + (follow ? ": waiting for them" : ": nothing to drain"));
        }
        // Before the signal handlers: a store that cannot say which destinations it knows fails here alone.
        AlertDispatcher alertDispatcher = alerts == null ? null : DrainAlerts.start(alertConfig, urls, err, notices);
        int alerting = alertDispatcher == null ? -1 : DrainAlerts.hookedStore(urls);
        if (handleSignals && !signalsHandled) {
            stop.onTerminationSignals();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        List<Drainer.Target> targets = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            StoreUrl url = urls.get(i);
            Supplier<EventSink> opener = () -> EventStores.openSink(url, stdout, queue);
            // --alerts: the evaluation sees what this store committed (one store, so each event once)
            targets.add(new Drainer.Target(url.toString(), i != alerting ? opener
                    : () -> new AlertingSink(opener.get(), alertDispatcher), true));
        }
        Retention retention = new Retention(retain, Retention.localHostname(), notices);
        Registrations registrations = Registrations.decide(queue, urls, register, notices);
        try (alertDispatcher; Drainer drainer = new Drainer(queue, targets, batchSize, notices)) {
            List<Drainer.Outcome> outcomes;
            try {
                if (follow) {
                    outcomes = follow(drainer, retention, registrations, err, notices);
                } else {
                    outcomes = drainer.drainOnce(stop);
                    if (outcomes.stream().allMatch(o -> o.failure() == null)) {
                        retention.sweep(queue, drainer.views(), registrations.registered(), System.currentTimeMillis());
                    }
                }
            } finally {
                registrations.finish(drainer.views(), System.currentTimeMillis());
            }
            CollectorException failure = summarise(outcomes, out, notices);
            if (failure != null) {
                throw failure;
            }
            boolean damage = outcomes.stream().anyMatch(o -> o.stats() != null && o.stats().metDamage());
            return damage && !acceptDamage && !follow ? ExitCodes.DAMAGE : ExitCodes.OK;
        } finally {
            stop.close();
        }
    }

    private List<Drainer.Outcome> follow(Drainer drainer, Retention retention, Registrations registrations, PrintWriter err,
                                         Consumer<String> notices)
            throws InterruptedException {
        boolean terminal = Terminal.isTerminal();
        long every = statusEvery != null ? Math.max(1, statusEvery.toMillis()) : terminal ? 1_000 : MINUTE;
        long[] lastStatus = {System.currentTimeMillis(), 0};
        long[] lastSweep = {0};
        try (Status figures = new Status()) {
            List<Drainer.Outcome> outcomes = drainer.follow(stop, poll.toMillis(), Math.min(1_000, every), lanes -> {
                long now = System.currentTimeMillis();
                registrations.update(lanes, now, false);
                if (now - lastSweep[0] >= MINUTE) {
                    lastSweep[0] = now;
                    retention.sweep(queue, lanes, registrations.registered(), now);
                }
                if (now - lastStatus[0] >= every) {
                    long consumed = lanes.stream().mapToLong(l -> l.stats().consumed()).sum();
                    double rate = (consumed - lastStatus[1]) * 1000.0 / Math.max(1, now - lastStatus[0]);
                    lastStatus[0] = now;
                    lastStatus[1] = consumed;
                    String line = Status.line(figures.measure(queue, inputs(lanes), rate));
                    if (terminal) {
                        synchronized (err) {
                            err.print("\r" + escape(line) + "\u001b[K");
                            err.flush();
                        }
                    } else {
                        notices.accept(line);
                    }
                }
            });
            if (terminal) {
                err.print("\r\u001b[K");
                err.flush();
            }
            return outcomes;
        }
    }

    private static List<Status.StoreInput> inputs(List<LaneView> lanes) {
        return lanes.stream().map(l -> new Status.StoreInput(l.store(), l.committed(), l.pausedBecause(),
                l.stats().stored())).toList();
    }

    private int printStatus(List<StoreUrl> urls, PrintWriter out) {
        List<Status.StoreInput> inputs = new ArrayList<>();
        for (StoreUrl url : urls) {
            Map<String, Long> committed;
            List<Damage> damaged = null;
            String paused = null;
            // A database is opened as a reader: --status (the container health check) must answer
            // while drain --follow holds the store's write lock.
            boolean database = url.scheme().equals("sqlite") || url.scheme().equals("postgresql");
            try (EventSink sink = database ? EventStores.open(url, false) : EventStores.openSink(url, spec.commandLine().getOut(), queue)) {
                committed = sink.positions();
                damaged = sink.damaged();
            } catch (CollectorException e) {
                committed = null;
                paused = e.getMessage();
            }
            inputs.add(new Status.StoreInput(url.toString(), committed, paused, null, damaged));
        }
        try (Status figures = new Status()) {
            Status.Snapshot snapshot = figures.measure(queue, inputs, Double.NaN);
            ConsumerRegistry.Listing consumers = ConsumerRegistry.in(queue).read();
            out.println(Status.json(snapshot, figures.measure(consumers.entries()), consumers.unreadable()));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static String lost(DrainStats stats) {
        long n = stats.lostEntries();
        String counted = n + (n == 1 ? " entry" : " entries");
        return stats.lostUncounted() ? (n > 0 ? "at least " + counted : "entries") + " (some up to a cycle's end)" : counted;
    }

    /** The summary line(s); returns the failure to report, if any store failed. */
    private static CollectorException summarise(List<Drainer.Outcome> outcomes, PrintWriter out, Consumer<String> notices) {
        CollectorException failure = null;
        for (Drainer.Outcome o : outcomes) {
            if (o.failure() != null) {
                CollectorException e = o.failure() instanceof CollectorException c ? c
                        : new CollectorException("store " + o.store() + ": " + o.failure(), o.failure());
                if (outcomes.size() == 1) {
                    return e;
                }
                notices.accept(e.getMessage());
                failure = failure == null ? new CollectorException("store " + o.store() + " failed (see above);"
                        + " the other stores were drained", e) : failure;
                continue;
            }
            DrainStats stats = o.stats();
            out.println(escape("drained " + stats.stored() + " new events from " + stats.journals() + " journals into " + o.store()
                    + (stats.duplicates() > 0 ? " (" + stats.duplicates() + " already stored)" : "")
                    + (stats.corrupt() > 0 ? " (" + stats.corrupt() + " corrupt entries skipped)" : "")
                    + (stats.damageReports() > 0 ? " (" + lost(stats) + " lost to damage in " + stats.damageReports()
                            + (stats.damageReports() == 1 ? " place" : " places") + ", see the damaged table)" : "")
                    + (o.pausedBecause() != null ? " (paused at exit: " + o.pausedBecause() + ")" : "")));
        }
        out.flush();
        return failure;
    }
}
