package io.egressguard.policy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The names that always mean this machine: {@code localhost}, any {@code *.localhost} (RFC 6761),
 * and this host's own name. They are allowed while no policy is loaded or while failing closed,
 * because an app's own servers and health checks use them. The own name comes from the kernel
 * (what gethostname returns), never from {@code InetAddress.getLocalHost()}, which queries DNS.
 */
public final class LocalNames {
    private static final String KERNEL_HOSTNAME = "/proc/sys/kernel/hostname";

    private LocalNames() {
    }

    /** This host's name, read once. */
    public static String ownHostName() {
        return Own.NAME;
    }

    private static final class Own {
        static final String NAME = hostName(System.getenv());
    }

    /**
     * The kernel's host name, else $HOSTNAME or %COMPUTERNAME%, else "localhost". The gate reads it the
     * same way (it cannot call this class).
     */
    public static String hostName(Map<String, String> env) {
        String fromKernel = kernelHostName();
        if (fromKernel != null && !fromKernel.isEmpty()) {
            return fromKernel;
        }
        String h = env.get("HOSTNAME");
        if (h == null) {
            h = env.get("COMPUTERNAME");
        }
        return h == null || h.isEmpty() ? "localhost" : h.trim();
    }

    private static String kernelHostName() {
        try (InputStream in = new FileInputStream(KERNEL_HOSTNAME)) {
            byte[] b = in.readNBytes(256);
            String s = new String(b, StandardCharsets.US_ASCII);
            int nl = s.indexOf('\n');
            return (nl < 0 ? s : s.substring(0, nl)).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** True for localhost, *.localhost and this host's own name (any case, optional trailing dot). */
    public static boolean isLocal(String host) {
        if (host == null) {
            return false;
        }
        int end = HostNames.end(host);
        return end > 0 && (HostNames.isLocalhost(host, end) || isOwn(host, end));
    }

    private static final Cidr[] LOOPBACK = {
        Cidr.parse("127.0.0.0/8"), Cidr.parse("::1"), Cidr.parse("0.0.0.0"), Cidr.parse("::"),
    };

    /** True when a rule for {@code t} can match a loopback or wildcard address or a local name. */
    static boolean couldMatch(Target t) {
        switch (t.kind) {
            case ANY_HOST:
                return true;
            case CIDR:
                for (Cidr c : LOOPBACK) {
                    if (c.overlaps(t.cidr)) {
                        return true;
                    }
                }
                return false;
            case EXACT:
                return isLocal(t.host);
            default: // a glob, with or without its apex: the apex itself, or a name under it
                return isLocal(t.host) || t.host.equals("localhost") || endsWithLabels(ownHostName(), t.host);
        }
    }

    /** True when {@code name} is a proper subdomain of {@code suffix} (label boundary, any case). */
    private static boolean endsWithLabels(String name, String suffix) {
        int end = HostNames.end(name);
        int start = end - suffix.length();
        return start > 0 && name.charAt(start - 1) == '.' && name.regionMatches(true, start, suffix, 0, suffix.length());
    }

    /** True for this host's own name (any case, optional trailing dot). */
    public static boolean isOwnName(String host) {
        return host != null && isOwn(host, HostNames.end(host));
    }

    static boolean isOwn(String host, int end) {
        String own = ownHostName();
        return end == HostNames.end(own) && host.regionMatches(true, 0, own, 0, end);
    }
}
