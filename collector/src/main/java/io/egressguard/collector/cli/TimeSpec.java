package io.egressguard.collector.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time as {@code --since}/{@code --until} take it: an instant, or a duration before now. */
public record TimeSpec(Instant instant, Duration ago) {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    public Instant resolve(Instant now) {
        return instant != null ? instant : now.minus(ago);
    }

    /** Epoch nanoseconds, as events carry them. */
    public long resolveNanos(Instant now) {
        Instant at = resolve(now);
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: return Duration.ofDays(7 * n);
            }
        }
        return Duration.parse(text); // ISO-8601, e.g. PT90M
    }

    public static TimeSpec parse(String text) {
        return inRange(text, parseAnyForm(text));
    }

    private static TimeSpec parseAnyForm(String text) {
        try {
            return new TimeSpec(Instant.parse(text), null);
        } catch (DateTimeException notInstant) {
            // try the other forms
        }
        try {
            return new TimeSpec(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant(), null);
        } catch (DateTimeException notDate) {
            // try the other forms
        }
        try {
            return new TimeSpec(null, parseDuration(text));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is neither a duration (30s, 15m, 2h, 7d) nor an instant"
                    + " (2026-05-01T12:00:00Z or 2026-05-01)");
        }
    }

    /**
     * Refuses a time events cannot be compared with: they carry epoch nanoseconds in a long (years
     * 1677 to 2262), and "99999999999999d" ago is not even an {@link Instant}. Checked against now,
     * when the command line is read, so it is a usage error and not a DateTimeException later.
     */
    private static TimeSpec inRange(String text, TimeSpec spec) {
        try {
            spec.resolveNanos(Instant.now());
            return spec;
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is out of range: events carry times from 1677 to 2262");
        }
    }

    static final class Converter implements ITypeConverter<TimeSpec> {
        @Override
        public TimeSpec convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = parseDuration(value);
                if (d.isNegative() || d.isZero()) {
                    throw new TypeConversionException("'" + value + "' must be a positive duration");
                }
                return d;
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (500ms, 2s, 1m)");
            }
        }
    }
}
