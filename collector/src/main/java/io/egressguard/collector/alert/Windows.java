package io.egressguard.collector.alert;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations and sizes as the rules file writes them: 30s, 15m, 1h, 1d; 512, 64KiB, 1MiB, 2GB. */
final class Windows {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Windows() {
    }

    /** Window start (epoch ns) of the window holding {@code nanos}: windows start at multiples of their length. */
    static long start(long nanos, Duration window) {
        long w = window.toNanos();
        return Math.floorDiv(nanos, w) * w;
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("bad duration \"" + text + "\": write a positive number with s, m, h or d, e.g. 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size \"" + text + "\": write bytes or a number with KiB, MiB, GiB (or KB, MB, GB), e.g. 1MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        return switch (unit) {
            case "kb" -> n * 1000;
            case "kib" -> n * 1024;
            case "mb" -> n * 1000_000;
            case "mib" -> n * 1024 * 1024;
            case "gb" -> n * 1000_000_000;
            case "gib" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    static String text(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return n / (1024 * 1024) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return n / 1024 + " KiB";
        }
        return n + " bytes";
    }
}
