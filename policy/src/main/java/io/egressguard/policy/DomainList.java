package io.egressguard.policy;

import io.egressguard.event.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a plain domain list as operators keep them (blocked-domains.txt): one domain (or "*.domain",
 * IP, CIDR) per line, '#' comments, blank lines, and hosts-file lines such as "0.0.0.0 tracker.example".
 * Each entry becomes one rule with the list's action and severity; a plain domain also covers its
 * subdomains unless the list says {@code subdomains: false}.
 */
final class DomainList {
    /** Names found in ordinary hosts files that must never become deny rules. */
    private static final Set<String> HOSTS_FILE_NOISE = new HashSet<>(Arrays.asList(
            "localhost", "localhost.localdomain", "local", "broadcasthost", "ip6-localhost", "ip6-loopback",
            "ip6-localnet", "ip6-mcastprefix", "ip6-allnodes", "ip6-allrouters", "ip6-allhosts", "0.0.0.0"));

    private DomainList() {
    }

    static void read(Path file, Verdict action, boolean monitor, Severity severity, boolean subdomains, PolicyBuilder b)
            throws PolicyException {
        String f = file.toString();
        String shortName = file.getFileName().toString();
        String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PolicyFiles.open(file, "list file", PolicyFiles.MAX_LIST_BYTES), StandardCharsets.UTF_8.newDecoder()))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (s.isEmpty()) {
                    continue;
                }
                String[] tokens = s.split("\\s+");
                int first = 0;
                if (tokens.length > 1) {
                    if (IpLiterals.parse(tokens[0]) == null) {
                        throw new PolicyException(f, n, "expected one domain per line or a hosts-file line such as "
                                + PolicyException.quote("0.0.0.0 " + tokens[1]) + "; found " + PolicyException.quote(s));
                    }
                    first = 1; // hosts-file line: the address is only a sink, the names are the entries
                }
                for (int i = first; i < tokens.length; i++) {
                    String entry = tokens[i];
                    if (first == 1 && HOSTS_FILE_NOISE.contains(entry.toLowerCase(java.util.Locale.ROOT))) {
                        continue;
                    }
                    Target t;
                    try {
                        t = Target.parse(entry);
                    } catch (IllegalArgumentException e) {
                        throw new PolicyException(f, n, e.getMessage());
                    }
                    if (subdomains && t.kind == Target.Kind.EXACT) {
                        t = Target.parse("." + t.host);
                    }
                    b.add(t, action, monitor, severity, null, shortName + ":" + n + " " + verb + " " + entry);
                }
            }
        } catch (PolicyFiles.OverCap e) {
            throw PolicyFiles.overCap(f, "list file", -1, PolicyFiles.MAX_LIST_BYTES);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new PolicyException(f, 1, "the list is not UTF-8 text");
        } catch (IOException e) {
            throw new PolicyException(f, 1, "cannot read the list: " + e);
        }
    }
}
