package io.egressguard.policy;

/**
 * What one rule pattern names. Patterns:
 * <ul>
 * <li>{@code api.github.com}: exactly that host;</li>
 * <li>{@code *.example.com}: any subdomain at any depth, <b>not</b> the apex {@code example.com};</li>
 * <li>{@code .example.com}: the apex and every subdomain (an exact rule plus a glob rule);</li>
 * <li>{@code *}: any host name (the least specific name rule);</li>
 * <li>{@code 203.0.113.7}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code ::ffff:1.2.3.4}: IP rules.</li>
 * </ul>
 */
final class Target {
    enum Kind { EXACT, GLOB, APEX_AND_SUBDOMAINS, ANY_HOST, CIDR }

    final Kind kind;
    /** Normalised host, or the glob's suffix without "*." / ".". */
    final String host;
    final Cidr cidr;
    final String text;

    private Target(Kind kind, String host, Cidr cidr, String text) {
        this.kind = kind;
        this.host = host;
        this.cidr = cidr;
        this.text = text;
    }

    boolean isName() {
        return kind != Kind.CIDR;
    }

    /** @throws IllegalArgumentException with a message for humans */
    static Target parse(String raw) {
        String t = raw.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty pattern: write a host, \"*.domain\", an IP or a CIDR");
        }
        if (t.equals("*")) {
            return new Target(Kind.ANY_HOST, "", null, t);
        }
        if (t.indexOf('/') >= 0 || IpLiterals.looksLiteral(t, t.length())) {
            return new Target(Kind.CIDR, null, Cidr.parse(t), t);
        }
        if (t.startsWith("*.")) {
            return new Target(Kind.GLOB, HostNames.normalise(t.substring(2)), null, t);
        }
        if (t.startsWith(".")) {
            return new Target(Kind.APEX_AND_SUBDOMAINS, HostNames.normalise(t.substring(1)), null, t);
        }
        return new Target(Kind.EXACT, HostNames.normalise(t), null, t);
    }
}
