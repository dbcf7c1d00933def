package io.egressguard.agent.core;

import java.net.InetAddress;

/** Small, allocation-light helpers for naming a destination without any lookup. */
final class Destinations {
    private Destinations() {
    }

    /**
     * The host name an address was resolved from, or null. {@code InetAddress.toString()} prints
     * "name/literal" with the name it holds and never does a reverse lookup, unlike getHostName().
     */
    static String hostOf(InetAddress address) {
        String s = address.toString();
        int slash = s.indexOf('/');
        return slash > 0 ? s.substring(0, slash) : null;
    }

    /** True for IPv4 and IPv6 literals, which are no DNS lookup and are decided at connect. */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0 || host.charAt(0) == '[') {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
