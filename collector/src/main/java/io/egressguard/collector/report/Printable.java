package io.egressguard.collector.report;

/**
 * Makes event values safe to print to a terminal. Hosts, frames and payloads are chosen by whoever
 * the application talked to, so control characters (ANSI escapes included), C1 controls and
 * bidirectional overrides are shown escaped (\xNN, or backslash-u and four hex digits) instead of obeyed.
 */
public final class Printable {
    private Printable() {
    }

    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = replacement(c);
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    private static String replacement(char c) {
        if (c == '\\') {
            return "\\\\"; // so an escaped form cannot be forged by the value itself
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
