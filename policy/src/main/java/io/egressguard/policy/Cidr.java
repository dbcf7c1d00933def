package io.egressguard.policy;

/**
 * A parsed, normalised network: IPv4 (address in the low 32 bits of {@code lo}) or IPv6 (two longs).
 * IPv4-mapped IPv6 (::ffff:a.b.c.d/96+n) is normalised to IPv4 (a.b.c.d/n).
 */
final class Cidr {
    final boolean v4;
    final int prefix;
    final long hi;
    final long lo;

    Cidr(boolean v4, int prefix, long hi, long lo) {
        this.v4 = v4;
        this.prefix = prefix;
        this.hi = hi;
        this.lo = lo;
    }

    static int mask4(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    static long maskHi(int prefix) {
        return prefix == 0 ? 0L : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    static long maskLo(int prefix) {
        return prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    /**
     * Parses "10.0.0.0/8", "2001:db8::/32", "::ffff:10.0.0.0/104" or a single address (a /32 or /128).
     *
     * @throws IllegalArgumentException with a message for humans
     */
    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] b = IpLiterals.parse(addr);
        if (b == null) {
            throw new IllegalArgumentException("bad " + (slash < 0 ? "IP address" : "CIDR") + " " + PolicyException.quote(text)
                    + ": the address part is not a valid IPv4 or IPv6 literal");
        }
        int max = b.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            try {
                prefix = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            // "/08" is refused like a leading zero in the address: strict literals, one spelling each
            if (prefix < 0 || prefix > max || p.isEmpty() || p.charAt(0) == '+' || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("bad CIDR " + PolicyException.quote(text) + ": the prefix length must be 0-" + max
                        + " for IPv" + (max == 32 ? "4" : "6") + ", written without leading zeros");
            }
        }
        Cidr c;
        if (b.length == 16 && IpLiterals.isMapped(b)) {
            if (prefix < 96) {
                throw new IllegalArgumentException("bad CIDR " + PolicyException.quote(text)
                        + ": an IPv4-mapped range needs a prefix of at least 96; write the IPv4 CIDR instead");
            }
            c = new Cidr(true, prefix - 96, 0, IpLiterals.v4(b, 12) & 0xffffffffL);
        } else if (b.length == 4) {
            c = new Cidr(true, prefix, 0, IpLiterals.v4(b, 0) & 0xffffffffL);
        } else {
            c = new Cidr(false, prefix, IpLiterals.long8(b, 0), IpLiterals.long8(b, 8));
        }
        boolean hostBits = c.v4 ? ((int) c.lo & ~mask4(c.prefix)) != 0
                : (c.hi & ~maskHi(c.prefix)) != 0 || (c.lo & ~maskLo(c.prefix)) != 0;
        if (hostBits) {
            throw new IllegalArgumentException("bad CIDR " + PolicyException.quote(text) + ": it has bits set after the /" + prefix
                    + " prefix; did you mean " + c.masked() + "?");
        }
        return c;
    }

    private Cidr maskedCidr() {
        return v4 ? new Cidr(true, prefix, 0, (int) lo & mask4(prefix) & 0xffffffffL)
                : new Cidr(false, prefix, hi & maskHi(prefix), lo & maskLo(prefix));
    }

    String masked() {
        return maskedCidr().toString();
    }

    /** True when the two networks share an address (one contains the other). */
    boolean overlaps(Cidr o) {
        if (v4 != o.v4) {
            return false;
        }
        int p = Math.min(prefix, o.prefix);
        if (v4) {
            return ((int) lo & mask4(p)) == ((int) o.lo & mask4(p));
        }
        return (hi & maskHi(p)) == (o.hi & maskHi(p)) && (lo & maskLo(p)) == (o.lo & maskLo(p));
    }

    boolean isSingleAddress() {
        return prefix == (v4 ? 32 : 128);
    }

    @Override
    public String toString() {
        if (v4) {
            int a = (int) lo;
            return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/" + prefix;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? hi >>> (48 - 16 * i) : lo >>> (48 - 16 * (i - 4));
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Long.toHexString(word & 0xffff));
        }
        return sb.append('/').append(prefix).toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Cidr)) {
            return false;
        }
        Cidr c = (Cidr) o;
        return v4 == c.v4 && prefix == c.prefix && hi == c.hi && lo == c.lo;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hi * 31 + lo) * 31 + prefix + (v4 ? 1000 : 0);
    }
}
