package io.egressguard.policy;

import java.util.Locale;

/** Host-name normalisation shared by the rule compiler and the decide path. */
final class HostNames {
    private HostNames() {
    }

    /** ASCII lower case: host names are ASCII (IDNs arrive as punycode), and this never allocates. */
    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** End of the host ignoring one trailing dot ("example.com." is "example.com"). */
    static int end(String host) {
        int n = host.length();
        return n > 0 && host.charAt(n - 1) == '.' ? n - 1 : n;
    }

    /** True for "localhost" and "*.localhost" (RFC 6761: always loopback). */
    static boolean isLocalhost(String host, int end) {
        return endsWithLabel(host, end, "localhost");
    }

    private static boolean endsWithLabel(String host, int end, String label) {
        int start = end - label.length();
        if (start < 0 || !host.regionMatches(true, start, label, 0, label.length())) {
            return false;
        }
        return start == 0 || host.charAt(start - 1) == '.';
    }

    /**
     * Normalises and validates a host name from a policy or list: lower case, no trailing dot,
     * labels of letters, digits, '-' and '_' (1-63 chars), at most 253 chars.
     *
     * @throws IllegalArgumentException with a message for humans
     */
    static String normalise(String raw) {
        String h = raw.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        if (h.length() > 253) {
            throw new IllegalArgumentException("host name " + PolicyException.quote(raw) + " is longer than 253 characters");
        }
        int labelStart = 0;
        for (int i = 0; i <= h.length(); i++) {
            char c = i < h.length() ? h.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63) {
                    throw new IllegalArgumentException("bad host name " + PolicyException.quote(raw) + ": "
                            + (len == 0 ? "empty label" : "a label is longer than 63 characters"));
                }
                labelStart = i + 1;
            } else if (c == '*') {
                throw new IllegalArgumentException("bad host pattern " + PolicyException.quote(raw)
                        + ": '*' is only allowed as a whole leading label, as in \"*.example.com\"");
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new IllegalArgumentException("bad host name " + PolicyException.quote(raw) + ": character '" + c
                        + "' is not allowed (use letters, digits, '-', '_' and dots; IDNs in punycode)");
            }
        }
        return h;
    }
}
