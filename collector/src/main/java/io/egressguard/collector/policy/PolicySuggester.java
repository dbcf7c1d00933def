package io.egressguard.collector.policy;

import io.egressguard.policy.Catalog;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.policy.Verdict;
import io.egressguard.collector.store.SeenDestination;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns what the store saw into a policy that allows it: from the monitored and allowed attempts,
 * one rule per host, per IP, or per registrable domain when several of its subdomains were seen.
 * The built-in catalog and the cloud metadata endpoints are judged by the agent's own engine
 * ({@link Policy#defaults()}), so the suggestion agrees with what the agent will decide.
 */
public final class PolicySuggester {
    /** A catalog entry that a learned glob would otherwise let through: written as an explicit deny. */
    record CatalogDeny(String domain, String vendor, String underPattern) {
    }

    /** Everything the writer needs; lists are in output order. */
    public record Suggestion(List<LearnedRule> rules, List<CatalogDeny> catalogDenies, List<Seen> leftDenied,
                             List<Seen> alreadyAllowed, List<Seen> blockedOnly, List<Seen> skipped, long rows) {
        public int allowRules() {
            return rules.size();
        }

        public int catalogSeen() {
            return leftDenied.size();
        }
    }

    private final Policy defaults = Policy.defaults();

    public Suggestion suggest(List<SeenDestination> rows) {
        Map<String, Seen> seen = new LinkedHashMap<>();
        for (SeenDestination row : rows) {
            String raw = row.destination() == null ? "?" : row.destination();
            String destination = Destinations.isIp(raw) ? Destinations.canonicalIp(raw) : raw;
            int port = row.port();
            seen.computeIfAbsent(destination + " " + port, k -> new Seen(destination, port)).add(row);
        }
        Map<String, List<Seen>> byHost = new TreeMap<>();
        List<Seen> leftDenied = new ArrayList<>();
        List<Seen> alreadyAllowed = new ArrayList<>();
        List<Seen> blockedOnly = new ArrayList<>();
        List<Seen> skipped = new ArrayList<>();
        Map<String, LearnedRule> ipRuleByIp = new TreeMap<>();
        for (Seen s : seen.values()) {
            if (s.passed() == 0) {
                if (s.blocked > 0) {
                    blockedOnly.add(s);
                }
                continue;
            }
            if (Destinations.isIp(s.destination)) {
                Decision d = defaults.decide(s.destination, null, s.port);
                if (d.verdict() == Verdict.ALLOW) {
                    alreadyAllowed.add(s);
                    continue;
                }
                LearnedRule rule = ipRuleByIp.computeIfAbsent(s.destination, LearnedRule::new);
                rule.members.add(s);
                noteMetadata(rule, d);
                continue;
            }
            String host = Destinations.host(s.destination);
            if (host == null) {
                skipped.add(s);
                continue;
            }
            Decision byName = defaults.decideByName(host, -1);
            if (byName != null && byName.vendor() != null) {
                leftDenied.add(s); // the catalog: seen, and left denied
                continue;
            }
            Decision d = defaults.decide(host, null, s.port);
            if (d.verdict() == Verdict.ALLOW) {
                alreadyAllowed.add(s); // localhost
                continue;
            }
            byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(s);
        }
        List<CatalogDeny> catalogDenies = new ArrayList<>();
        List<LearnedRule> hostRules = groupHosts(byHost, catalogDenies);
        hostRules.sort(Comparator.comparing(r -> sortKey(r.pattern)));
        List<LearnedRule> rules = new ArrayList<>(hostRules);
        rules.addAll(ipRuleByIp.values());
        Comparator<Seen> byLabel = Comparator.comparing(Seen::label);
        leftDenied.sort(byLabel);
        alreadyAllowed.sort(byLabel);
        blockedOnly.sort(byLabel);
        return new Suggestion(rules, catalogDenies, leftDenied, alreadyAllowed, blockedOnly, skipped, rows.size());
    }

    /** Several subdomains of one registrable domain become one glob; everything else stays an exact host. */
    private List<LearnedRule> groupHosts(Map<String, List<Seen>> byHost, List<CatalogDeny> catalogDenies) {
        Map<String, TreeSet<String>> hostsByDomain = new TreeMap<>();
        for (String host : byHost.keySet()) {
            String domain = Destinations.registrableDomain(host);
            if (domain != null) {
                hostsByDomain.computeIfAbsent(domain, d -> new TreeSet<>()).add(host);
            }
        }
        List<LearnedRule> rules = new ArrayList<>();
        Map<String, LearnedRule> globOf = new TreeMap<>();
        for (Map.Entry<String, TreeSet<String>> e : hostsByDomain.entrySet()) {
            String domain = e.getKey();
            boolean apex = e.getValue().contains(domain);
            long subdomains = e.getValue().size() - (apex ? 1 : 0);
            if (subdomains < 2) {
                continue;
            }
            // ".domain" is the apex and every subdomain; "*.domain" leaves the apex out
            LearnedRule glob = new LearnedRule((apex ? "." : "*.") + domain);
            for (String host : e.getValue()) {
                glob.members.addAll(byHost.get(host));
                globOf.put(host, glob);
            }
            rules.add(glob);
            // A user name rule beats the catalog: a catalog domain under this glob needs its own deny.
            for (Catalog.Entry c : Catalog.entries()) {
                if (c.domain().endsWith("." + domain)) {
                    catalogDenies.add(new CatalogDeny(c.domain(), c.vendor(), glob.pattern));
                }
            }
        }
        for (Map.Entry<String, List<Seen>> e : byHost.entrySet()) {
            if (!globOf.containsKey(e.getKey())) {
                LearnedRule exact = new LearnedRule(e.getKey());
                exact.members.addAll(e.getValue());
                Decision byName = defaults.decideByName(e.getKey(), -1);
                if (byName != null) {
                    noteMetadata(exact, byName);
                }
                rules.add(exact);
            }
        }
        return rules;
    }

    private static void noteMetadata(LearnedRule rule, Decision d) {
        if (d.rule().startsWith("metadata:")) {
            rule.notes.add("cloud metadata endpoint: it hands out instance credentials; keep this exact rule only if"
                    + " the app needs them (the metadata deny yields only to an exact rule like this one)");
        }
    }

    private static String sortKey(String pattern) {
        String p = pattern.startsWith("*.") ? pattern.substring(2) : pattern.startsWith(".") ? pattern.substring(1) : pattern;
        String domain = Destinations.registrableDomain(p);
        return (domain == null ? p : domain) + " " + pattern;
    }
}
