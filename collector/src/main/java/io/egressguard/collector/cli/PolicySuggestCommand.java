package io.egressguard.collector.cli;

import io.egressguard.policy.PolicyException;
import io.egressguard.policy.PolicyLoader;
import io.egressguard.collector.CollectorException;
import io.egressguard.collector.policy.PolicySuggester;
import io.egressguard.collector.policy.SuggestionWriter;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.EventStores;
import io.egressguard.collector.store.SeenDestination;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "suggest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a policy that allows every destination monitored or allowed in the store, and nothing else.",
                "Several subdomains of one registrable domain become one glob (*.example.com); IPs stay IPs; ports are kept.",
                "The built-in tracker catalog and the cloud metadata endpoints stay denied. Each rule's comment gives its"
                        + " attempts, first and last time and the dependencies that used it.",
                "Run the agent with mode=monitor,record=all for a while first, so that every destination is recorded."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.DONE_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE})
final class PolicySuggestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOption store;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "7d", converter = TimeSpec.Converter.class,
            description = "Learn from events at or after WHEN: a time ago (2h, 7d) or an instant (default: ${DEFAULT-VALUE}).")
    TimeSpec since;

    @Option(names = "--until", paramLabel = "WHEN", converter = TimeSpec.Converter.class,
            description = "Only events before WHEN (same forms as --since).")
    TimeSpec until;

    @Option(names = "--jvm", paramLabel = "PID|HOST:PID", converter = JvmSelector.Converter.class,
            description = "Only events of the JVM with this process id (HOST:PID also requires its host name).")
    JvmSelector jvm;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the policy to FILE (replaced atomically, so an agent watching it never reads half a file)"
                    + " instead of stdout.")
    Path out;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        Instant now = Instant.now();
        EventFilter filter = new EventFilter(since.resolveNanos(now), until == null ? null : until.resolveNanos(now), null, null,
                jvm == null ? null : jvm.pid(), jvm == null ? null : jvm.host());
        List<SeenDestination> rows;
        try (EventStore eventStore = EventStores.open(store.url, false)) {
            rows = eventStore.seenDestinations(filter);
        }
        PolicySuggester.Suggestion suggestion = new PolicySuggester().suggest(rows);
        String source = store.url + ", events since " + since.resolve(now) + (until == null ? "" : " until " + until.resolve(now))
                + (jvm == null ? "" : " of JVM " + (jvm.host() == null ? "" : jvm.host() + ":") + jvm.pid());
        String text = SuggestionWriter.write(suggestion, source, now);
        Path dir = out == null ? Path.of(System.getProperty("java.io.tmpdir"))
                : out.toAbsolutePath().getParent();
        Path temp;
        try {
            temp = Files.createTempFile(dir, ".egressguard-policy-", ".yaml");
        } catch (IOException e) {
            throw new CollectorException("cannot write the policy next to " + (out == null ? dir : out) + ": " + e.getMessage(), e);
        }
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                // The agent's own parser must accept what we hand out.
                PolicyLoader.load(temp);
            } catch (PolicyException e) {
                throw new CollectorException("the suggested policy does not load (a bug, please report it): " + e.getMessage(), e);
            }
            PrintWriter stdout = spec.commandLine().getOut();
            if (out == null) {
                stdout.print(text);
            } else {
                // A policy is configuration the agent's user must read (createTempFile made it 0600).
                if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                }
                move(temp, out);
                stdout.println("wrote " + suggestion.allowRules() + " allow rules to " + out + " ("
                        + suggestion.catalogSeen() + " catalog destinations seen and left denied)");
            }
            stdout.flush();
        } finally {
            Files.deleteIfExists(temp);
        }
        return ExitCodes.OK;
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CollectorException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }
}
