package io.egressguard.agent.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Small, allocation-light helpers for naming a destination without any lookup. */
public final class Destinations {
    private Destinations() {
    }

    /**
     * The host name an address was resolved from, or null. {@code InetSocketAddress.getHostString()}
     * answers the name the address holds, else its literal, and never does a reverse lookup, unlike
     * getHostName(); toString() answered the same but formatted the literal and concatenated on
     * every connect (a visible share of a new connection's Java time).
     */
    public static String hostOf(InetAddress address) {
        String s = new InetSocketAddress(address, 0).getHostString();
        return s == null || s.isEmpty() || isIpLiteral(s) ? null : s;
    }

    /** True for IPv4 and IPv6 literals, which are no DNS lookup and are decided at connect. */
    public static boolean isIpLiteral(String host) {
        return io.egressguard.policy.HostSpelling.isIpLiteral(host);
    }
}
