package io.egressguard.agent.config;

import java.util.Locale;

/** Parsing and checking of option values by type. */
final class OptionValues {
    private OptionValues() {
    }

    /** Null when the value is acceptable for the option, else what is wrong with it. */
    static String check(Option o, String value) {
        switch (o.type()) {
            case BOOLEAN:
                return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "expected true or false";
            case CHOICE:
                return o.choices().contains(value.toLowerCase(Locale.ROOT)) ? null : "expected one of " + String.join(", ", o.choices());
            case INT:
            case BYTES:
                long n;
                try {
                    n = parseNumber(o, value);
                } catch (NumberFormatException e) {
                    return o.type() == OptionType.BYTES ? "expected a size such as 4096, 64k or 1m" : "expected a whole number";
                }
                if (n < o.min() || n > o.max()) {
                    return "expected a value from " + o.min() + " to " + o.max();
                }
                return null;
            case PATH:
            default:
                return null;
        }
    }

    static long parseNumber(Option o, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (o.type() == OptionType.BYTES && !v.isEmpty()) {
            char unit = v.charAt(v.length() - 1);
            if (unit == 'k') {
                multiplier = 1024;
            } else if (unit == 'm') {
                multiplier = 1024 * 1024;
            } else if (unit == 'g') {
                multiplier = 1024L * 1024 * 1024;
            }
            if (multiplier != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        return Math.multiplyExact(Long.parseLong(v), multiplier);
    }
}
