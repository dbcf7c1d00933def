package io.egressguard.policy;

/**
 * Strict IP literal parsing without any name service: dotted-quad IPv4 and RFC 4291 IPv6 text
 * (with "::" and an optional trailing dotted quad). {@code InetAddress.getByName} is avoided on purpose:
 * it accepts odd forms such as "1.2.3" and falls back to DNS for anything that is not a literal.
 */
final class IpLiterals {
    private IpLiterals() {
    }

    /** The 4 or 16 address bytes, or null when {@code s} is not an IP literal. */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            return parse6(s);
        }
        byte[] b = new byte[4];
        return parse4(s, 0, s.length(), b, 0) ? b : null;
    }

    private static boolean parse4(String s, int from, int to, byte[] out, int off) {
        int part = 0;
        int i = from;
        while (part < 4) {
            int start = i;
            int v = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            out[off + part] = (byte) v;
            part++;
            if (part < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    private static byte[] parse6(String s) {
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        int[] words = new int[8];
        byte[] tail4 = new byte[4];
        int n;
        if (dc < 0) {
            n = groups(s, 0, s.length(), words, 0, tail4);
            if (n != 8) {
                return null;
            }
        } else {
            int[] right = new int[8];
            int nl = dc == 0 ? 0 : groups(s, 0, dc, words, 0, tail4);
            if (nl < 0) {
                return null;
            }
            int nr = dc + 2 == s.length() ? 0 : groups(s, dc + 2, s.length(), right, 0, tail4);
            if (nr < 0 || nl + nr > 7) {
                return null;
            }
            System.arraycopy(right, 0, words, 8 - nr, nr);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (words[i] >>> 8);
            b[2 * i + 1] = (byte) words[i];
        }
        return b;
    }

    /** Parses colon-separated hex groups (the last may be a dotted quad = 2 groups); returns the count or -1. */
    private static int groups(String s, int from, int to, int[] out, int off, byte[] tmp) {
        int n = 0;
        int i = from;
        while (true) {
            int start = i;
            while (i < to && s.charAt(i) != ':') {
                i++;
            }
            if (i == start || n >= 8) {
                return -1;
            }
            String g = s.substring(start, i);
            if (g.indexOf('.') >= 0) {
                if (i != to || n > 6 || !parse4(s, start, i, tmp, 0)) {
                    return -1;
                }
                out[off + n++] = ((tmp[0] & 255) << 8) | (tmp[1] & 255);
                out[off + n++] = ((tmp[2] & 255) << 8) | (tmp[3] & 255);
                return n;
            }
            if (g.length() > 4) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < g.length(); k++) {
                int d = Character.digit(g.charAt(k), 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            out[off + n++] = v;
            if (i == to) {
                return n;
            }
            i++; // ':'
            if (i == to) {
                return -1; // trailing single colon
            }
        }
    }

    /** True for ::ffff:a.b.c.d. */
    static boolean isMapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    static int v4(byte[] b, int off) {
        return ((b[off] & 255) << 24) | ((b[off + 1] & 255) << 16) | ((b[off + 2] & 255) << 8) | (b[off + 3] & 255);
    }

    static long long8(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 255);
        }
        return v;
    }

    /**
     * Cheap test, without allocation, whether a host string is an IP literal rather than a name: it
     * contains ':' or '[' (IPv6), or only digits and dots (no top-level domain is numeric).
     */
    static boolean looksLiteral(String host, int end) {
        boolean allDigitsDots = true;
        for (int i = 0; i < end; i++) {
            char c = host.charAt(i);
            if (c == ':' || c == '[') {
                return true;
            }
            if ((c < '0' || c > '9') && c != '.') {
                allDigitsDots = false;
            }
        }
        return allDigitsDots;
    }

    /** Parses a literal host as passed to decide: strips "[...]" and a trailing dot; null when invalid. */
    static byte[] parseHostLiteral(String host, int end) {
        String s = host.substring(0, end);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct); // zone id: irrelevant to the address rules
        }
        return parse(s);
    }
}
