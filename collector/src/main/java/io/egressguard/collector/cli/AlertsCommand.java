package io.egressguard.collector.cli;

import static io.egressguard.collector.report.Printable.escape;

import io.egressguard.collector.alert.Alert;
import io.egressguard.collector.alert.AlertConfig;
import io.egressguard.collector.alert.AlertOutputs;
import io.egressguard.collector.alert.OnDemandAlerts;
import io.egressguard.collector.alert.SentAlerts;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "alerts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates the alert rules on stored events and sends what fires to the rules file's outputs"
                + " (stderr by default; a JSON-lines file; a command reading the JSON on stdin). See docs/alerts.md.",
                "Without --rules: any critical attempt; more than 10 blocks per hour to one destination; a payload over"
                        + " 1 MiB; a destination never seen before. Each fires once per rule, destination and window;"
                        + " alerts already in the rules file's alerts file are not sent again."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class AlertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "1h", converter = TimeSpec.Converter.class,
            description = "Events at or after WHEN: a time ago (15m, 1h, 7d) or an instant (default: ${DEFAULT-VALUE}).")
    TimeSpec since;

    @Option(names = "--until", paramLabel = "WHEN", converter = TimeSpec.Converter.class,
            description = "Only events before WHEN (same forms as --since).")
    TimeSpec until;

    @Option(names = "--rules", paramLabel = "FILE", description = "The alert rules and outputs (YAML, or JSON when it ends in .json).")
    Path rules;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        AlertConfig config = rules == null ? AlertConfig.defaults() : AlertConfig.load(rules);
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> notices = line -> {
            err.println(escape(line));
            err.flush();
        };
        Consumer<String> alertLines = line -> {
            err.println(line); // Alert.line() is escaped already
            err.flush();
        };
        Instant now = Instant.now();
        List<Alert> found;
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            found = OnDemandAlerts.find(eventStore, config.rules(), since.resolveNanos(now), until == null ? null : until.resolveNanos(now));
        }
        AlertOutputs outputs = new AlertOutputs(config, alertLines, notices);
        Set<String> sent = SentAlerts.read(config.file(), notices);
        int repeats = 0;
        for (Alert a : found) {
            if (sent.add(a.key())) {
                outputs.send(a);
            } else {
                repeats++;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(outputs.sent() + (outputs.sent() == 1 ? " alert" : " alerts")
                + (repeats > 0 ? " (" + repeats + " more already sent, see " + escape(String.valueOf(config.file())) + ")" : ""));
        out.flush();
        return ExitCodes.OK;
    }
}
