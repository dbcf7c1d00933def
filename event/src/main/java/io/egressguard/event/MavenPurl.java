package io.egressguard.event;

import java.nio.charset.StandardCharsets;

/**
 * Package URLs of Maven artifacts, percent-encoded as the purl spec asks: every character but
 * {@code A-Z a-z 0-9 . - _ ~} in the namespace, name, version and qualifier value. Shared by the
 * agent, which writes {@link Culprit#purl}, and the collector, which derives one from a stored gav.
 */
public final class MavenPurl {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private MavenPurl() {
    }

    /** {@code pkg:maven/<group>/<artifact>@<version>}, with {@code ?classifier=} when {@code classifier} is not null. */
    public static String of(String group, String artifact, String version, String classifier) {
        StringBuilder b = new StringBuilder(48).append("pkg:maven/");
        encode(b, group).append('/');
        encode(b, artifact).append('@');
        encode(b, version);
        if (classifier != null && !classifier.isEmpty()) {
            encode(b.append("?classifier="), classifier);
        }
        return b.toString();
    }

    /** The purl of {@code group:artifact:version}; null when {@code gav} is not of that form. */
    public static String ofGav(String gav) {
        if (gav == null) {
            return null;
        }
        String[] parts = gav.split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return of(parts[0], parts[1], parts[2], null);
    }

    private static StringBuilder encode(StringBuilder b, String s) {
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b;
    }
}
