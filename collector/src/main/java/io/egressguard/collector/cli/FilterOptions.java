package io.egressguard.collector.cli;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.event.Action;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Which events a query covers: {@code --since}, {@code --until}, {@code --host}, {@code --action}, {@code --jvm}. */
public final class FilterOptions {
    @Option(names = "--since", paramLabel = "WHEN", converter = TimeSpec.Converter.class,
            description = "Only events at or after WHEN: a time ago (30s, 15m, 2h, 7d) or an instant (2026-05-01T12:00:00Z, 2026-05-01).")
    TimeSpec since;

    @Option(names = "--until", paramLabel = "WHEN", converter = TimeSpec.Converter.class,
            description = "Only events before WHEN (same forms as --since).")
    TimeSpec until;

    @Option(names = "--host", paramLabel = "GLOB",
            description = "Only destinations whose host (or IP when no host is known) matches GLOB, case-insensitively: *.example.com, 10.0.?.*")
    String host;

    @Option(names = "--action", paramLabel = "ACTION", converter = ActionConverter.class,
            description = "Only events with this action: blocked, monitored or allowed.")
    Action action;

    @Option(names = "--jvm", paramLabel = "PID|HOST:PID", converter = JvmSelector.Converter.class,
            description = "Only events of the JVM with this process id; HOST:PID also requires its host name (case-insensitive).")
    JvmSelector jvm;

    EventFilter toFilter(Instant now) {
        return new EventFilter(since == null ? null : since.resolveNanos(now), until == null ? null : until.resolveNanos(now),
                host, action, jvm == null ? null : jvm.pid(), jvm == null ? null : jvm.host());
    }

    static final class ActionConverter implements ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            for (Action a : Action.values()) {
                if (a.wireName().equalsIgnoreCase(value)) {
                    return a;
                }
            }
            throw new TypeConversionException("'" + value + "' is not an action (blocked, monitored or allowed)");
        }
    }
}
