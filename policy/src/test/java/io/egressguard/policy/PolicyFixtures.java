package io.egressguard.policy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers. IP literals are only parsed into InetAddress objects, never resolved or connected to. */
final class PolicyFixtures {
    private PolicyFixtures() {
    }

    static InetAddress ip(String literal) {
        byte[] b = IpLiterals.parse(literal);
        if (b == null) {
            throw new IllegalArgumentException(literal);
        }
        try {
            return InetAddress.getByAddress(b); // no name service involved
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An Inet6Address that keeps the ::ffff:a.b.c.d form (InetAddress.getByAddress would make it IPv4). */
    static InetAddress mapped(String v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(IpLiterals.parse(v4), 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    static Policy load(Path dir, String yaml) throws Exception {
        return PolicyLoader.load(write(dir, "policy.yaml", yaml));
    }
}
