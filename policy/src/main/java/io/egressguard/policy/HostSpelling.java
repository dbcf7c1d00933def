package io.egressguard.policy;

import java.net.IDN;

/**
 * One spelling of a host name: the name a resolver would query for it, before any rule sees it.
 * glibc decodes {@code \DDD} and {@code \X} escapes, so {@code telemetry.plane.s\111} was looked up
 * as {@code telemetry.plane.so} while the name rules saw another name, and under a deny list the
 * connection went through. Escapes are decoded here the same way and Unicode labels become their
 * IDNA (punycode) form; case and a trailing dot the tables already ignore. A name holding what no
 * host name may (a colon, a slash, a backslash that does not decode, control characters, spaces)
 * is malformed: no rule can know what a resolver or a hosts file makes of it, so it is refused.
 */
public final class HostSpelling {
    /** The rule name of a refused malformed name. */
    public static final String MALFORMED_RULE = "malformed host name";

    private HostSpelling() {
    }

    /**
     * The name as a resolver reads it: {@code host} itself when nothing needs decoding (one scan, no
     * allocation: the common case), the decoded name otherwise, or null when it is malformed.
     * Call it on names, not on IP literals (an IPv6 literal holds colons).
     */
    public static String canonical(String host) {
        int n = host.length();
        for (int i = 0; i < n; i++) {
            char c = host.charAt(i);
            if (!plain(c)) {
                return decode(host);
            }
        }
        return host;
    }

    /**
     * Whether {@code host} is an IP literal, which queries nothing: digits and dots, or an IPv6
     * literal that parses. A colon in anything else makes a malformed name, not a literal.
     */
    public static boolean isIpLiteral(String host) {
        int end = HostNames.end(host);
        if (end == 0 || !IpLiterals.looksLiteral(host, end)) {
            return false;
        }
        return host.indexOf(':') < 0 || IpLiterals.parseHostLiteral(host, end) != null;
    }

    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_';
    }

    private static String decode(String host) {
        StringBuilder out = new StringBuilder(host.length());
        boolean unicode = false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '\\') {
                if (digits(host, i + 1)) {
                    int v = (host.charAt(i + 1) - '0') * 100 + (host.charAt(i + 2) - '0') * 10 + (host.charAt(i + 3) - '0');
                    if (v > 255) {
                        return null;
                    }
                    c = (char) v;
                    i += 3;
                    if (c == '.') {
                        return null; // a dot inside a label: a name no dotted string can stand for
                    }
                } else if (i + 1 < host.length() && !Character.isDigit(host.charAt(i + 1)) && host.charAt(i + 1) != '.') {
                    c = host.charAt(++i);
                } else {
                    return null; // a backslash that decodes to nothing a resolver agrees on
                }
            }
            if (c > 0x7f) {
                if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    return null;
                }
                unicode = true;
            } else if (!plain(c) && c != '*') {
                return null; // ':' '/' '\' ' ' '@' '%' control characters ...: no host name holds them
            }
            out.append(c);
        }
        String decoded = out.toString();
        if (!unicode) {
            return decoded;
        }
        String ascii;
        try {
            ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (!plain(c) && c != '*') {
                return null; // IDNA maps some symbols to ASCII no host name holds: '(17)'
            }
        }
        return ascii;
    }

    private static boolean digits(String s, int from) {
        return from + 2 < s.length() && Character.isDigit(s.charAt(from)) && Character.isDigit(s.charAt(from + 1))
                && Character.isDigit(s.charAt(from + 2));
    }
}
