package io.egressguard.collector.policy;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.util.Locale;
import java.util.regex.Pattern;

/** Classifies a stored destination (host or IP) without any lookup. */
final class Destinations {
    /**
     * What a host rule may hold: letters, digits, '-' and '_' in dot-separated labels. Anything else
     * came from an application and is not written into a policy (it might break or extend the YAML).
     */
    private static final Pattern HOST = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private Destinations() {
    }

    static boolean isIp(String destination) {
        return InetAddresses.isInetAddress(destination);
    }

    /** The IP literal in its canonical text (IPv4-mapped IPv6 as IPv4), as the policy engine normalises it. */
    static String canonicalIp(String destination) {
        return InetAddresses.toAddrString(InetAddresses.forString(destination));
    }

    /** The host lower-cased without a trailing dot, or null when it is not a plain host name. */
    static String host(String destination) {
        String h = destination.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.length() <= 253 && HOST.matcher(h).matches() ? h : null;
    }

    /**
     * The registrable domain (one below the public suffix, private suffixes such as github.io
     * included, so hosts of different owners never share a glob), or null when the host is not under a
     * known public suffix (single labels, .internal, .local, ...).
     */
    static String registrableDomain(String host) {
        try {
            InternetDomainName name = InternetDomainName.from(host);
            return name.isUnderPublicSuffix() ? name.topPrivateDomain().toString() : null;
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null; // underscores and other names Guava does not accept: kept as exact hosts
        }
    }
}
