package io.egressguard.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.egressguard.event.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy file (".json" → JSON, anything else → YAML) and the domain lists it names, and
 * compiles them into a {@link Policy}. Every problem becomes a one-line {@link PolicyException} that
 * names the file and line. The format is described in docs/policy.md.
 */
public final class PolicyLoader {
    static final List<String> TOP_KEYS = Arrays.asList(
            "version", "mode", "default", "default-severity", "catalog", "metadata", "private-networks", "rules", "lists");
    static final List<String> RULE_KEYS = Arrays.asList("allow", "deny", "monitor", "severity", "ports", "mode", "name", "from");
    static final List<String> LIST_KEYS = Arrays.asList("file", "action", "severity", "mode", "subdomains");

    /**
     * The longest line a YAML policy may have. SnakeYAML copies its whole unread window each time it
     * takes in 1,024 more characters, and a comment, a scalar or a run of spaces stays unread until
     * its line ends: a line of n characters costs n * n / 1024. A bound on lines keeps loading linear
     * in the file's size. JSON is parsed by Jackson itself, which is linear, and has no such bound.
     */
    static final int MAX_YAML_LINE = 16 << 10;

    /** Built on first parse: a file refused before parsing (a FIFO, over the cap) loads no parser classes. */
    private static final class Parsers {
        static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
        static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
    }

    private PolicyLoader() {
    }

    public static Policy load(Path file) throws PolicyException {
        return load(file, new ArrayList<Path>());
    }

    /** As {@link #load(Path)}, recording in {@code touched} every file read or looked for, even on failure. */
    static Policy load(Path file, List<Path> touched) throws PolicyException {
        String f = file.toString();
        touched.add(file);
        byte[] bytes = PolicyFiles.read(file, "policy file", PolicyFiles.MAX_POLICY_BYTES);
        boolean json = f.toLowerCase(Locale.ROOT).endsWith(".json");
        if (!json) {
            checkLineLengths(f, bytes);
        }
        Node root;
        try (JsonParser p = (json ? Parsers.JSON : Parsers.YAML).createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new PolicyException(f, 1, "the policy file is empty; write at least \"rules: []\" (see docs/policy.md)");
            }
            root = Node.read(p, f);
        } catch (JsonProcessingException e) {
            throw syntaxError(f, json, e);
        } catch (IOException e) {
            throw new PolicyException(f, 1, "cannot read the policy file: " + e);
        }
        if (root.kind != Node.Kind.MAP) {
            throw new PolicyException(f, root.line, "the policy must be a mapping with keys such as rules, lists, mode, default; found "
                    + root.describe());
        }
        return compile(file, root, touched);
    }

    /** Refuses a YAML policy with a line over {@link #MAX_YAML_LINE} bytes, naming the first such line. */
    static void checkLineLengths(String f, byte[] bytes) throws PolicyException {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                if (i - start > MAX_YAML_LINE) {
                    throw new PolicyException(f, line, "this line is " + (i - start) + " bytes long, over the "
                            + (MAX_YAML_LINE >> 10) + " KiB a YAML policy line may have; write long lists one item per line,"
                            + " move many hosts to a domain list file, or use JSON");
                }
                if (i < bytes.length && (bytes[i] == '\n' || i + 1 == bytes.length || bytes[i + 1] != '\n')) {
                    line++;
                }
                start = i + 1;
            }
        }
    }

    /** SnakeYAML's own limit on a document (3 MiB of code points) would pre-empt ours with a vaguer message. */
    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(PolicyFiles.MAX_POLICY_BYTES + 1);
        return o;
    }

    private static Policy compile(Path file, Node root, List<Path> touched) throws PolicyException {
        String f = file.toString();
        PolicyBuilder b = new PolicyBuilder(f).input(file);
        for (Map.Entry<String, Node> e : root.fields.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw unknownKey(f, root.keyLines.get(e.getKey()), e.getKey(), "at the top level", TOP_KEYS);
            }
        }
        Node version = root.fields.get("version");
        if (version != null && !"1".equals(version.text)) {
            throw new PolicyException(f, version.line, "unsupported version " + version.describe() + "; this agent reads version: 1");
        }
        boolean monitorAll = false;
        Node mode = root.fields.get("mode");
        if (mode != null) {
            monitorAll = mode(f, mode, true);
        }
        b.monitorAll(monitorAll);
        Node def = root.fields.get("default");
        Verdict defAction = def == null ? Verdict.DENY : action(f, def, "default");
        Node defSev = root.fields.get("default-severity");
        b.defaultAction(defAction, defSev == null ? (def == null ? Severity.MEDIUM : PolicyBuilder.defaultSeverity(defAction))
                : severity(f, defSev));
        b.catalog(bool(f, root.fields.get("catalog"), "catalog", true));
        b.metadata(bool(f, root.fields.get("metadata"), "metadata", true));
        b.privateNetworks(bool(f, root.fields.get("private-networks"), "private-networks", true));
        String shortName = file.getFileName() == null ? f : file.getFileName().toString();
        for (Map.Entry<String, Node> e : root.fields.entrySet()) {
            if (e.getKey().equals("rules")) {
                for (Node rule : items(f, e.getValue(), "rules", "a list of rules")) {
                    rule(f, shortName, rule, b);
                }
            } else if (e.getKey().equals("lists")) {
                for (Node list : items(f, e.getValue(), "lists", "a list of {file: ..., action: ...} entries")) {
                    list(file, list, b, touched);
                }
            }
        }
        return b.build();
    }

    private static List<Node> items(String f, Node n, String key, String what) throws PolicyException {
        if (n.isNull()) {
            return new ArrayList<>();
        }
        if (n.kind != Node.Kind.LIST) {
            throw new PolicyException(f, n.line, "\"" + key + "\" must be " + what + "; found " + n.describe());
        }
        return n.items;
    }

    private static void rule(String f, String shortName, Node rule, PolicyBuilder b) throws PolicyException {
        if (rule.kind != Node.Kind.MAP) {
            throw new PolicyException(f, rule.line, "a rule must be a mapping such as {deny: \"*.example.com\", severity: high}; found "
                    + rule.describe());
        }
        String actionKey = null;
        for (Map.Entry<String, Node> e : rule.fields.entrySet()) {
            String k = e.getKey();
            int line = rule.keyLines.get(k);
            if (!RULE_KEYS.contains(k)) {
                throw unknownKey(f, line, k, "in a rule", RULE_KEYS);
            }
            if (k.equals("allow") || k.equals("deny") || k.equals("monitor")) {
                if (actionKey != null) {
                    throw new PolicyException(f, line, "a rule has both \"" + actionKey + "\" and \"" + k
                            + "\"; write one action per rule");
                }
                actionKey = k;
            }
        }
        if (actionKey == null) {
            throw new PolicyException(f, rule.line, "a rule needs an action: one of allow, deny or monitor, e.g. deny: \"*.example.com\"");
        }
        Verdict action = Verdict.valueOf(actionKey.toUpperCase(Locale.ROOT));
        Node sev = rule.fields.get("severity");
        Severity severity = sev == null ? null : severity(f, sev);
        boolean ruleMonitor = false;
        Node mode = rule.fields.get("mode");
        if (mode != null) {
            ruleMonitor = mode(f, mode, false);
            if (ruleMonitor && action != Verdict.DENY) {
                throw new PolicyException(f, mode.line, "\"mode: monitor\" only applies to deny rules; for this "
                        + actionKey + " rule remove it, or write \"monitor: ...\" to record without blocking");
            }
        }
        Node ports = rule.fields.get("ports");
        PortSet portSet = ports == null ? null : ports(f, ports);
        Node nameNode = rule.fields.get("name");
        String name = null;
        if (nameNode != null) {
            if (nameNode.kind != Node.Kind.SCALAR || nameNode.isNull()) {
                throw new PolicyException(f, nameNode.line, "\"name\" must be a short text; found " + nameNode.describe());
            }
            name = nameNode.text;
        }
        Node fromNode = rule.fields.get("from");
        List<FromPattern> from = fromNode == null ? new ArrayList<FromPattern>() : from(f, fromNode);
        Node patterns = rule.fields.get(actionKey);
        List<Node> list = new ArrayList<>();
        if (patterns.kind == Node.Kind.LIST) {
            list.addAll(patterns.items);
        } else {
            list.add(patterns);
        }
        if (list.isEmpty()) {
            throw new PolicyException(f, patterns.line, "\"" + actionKey + "\" lists no pattern; give a host, \"*.domain\", an IP or a CIDR");
        }
        for (Node p : list) {
            if (p.kind != Node.Kind.SCALAR || p.isNull()) {
                throw new PolicyException(f, p.line, "\"" + actionKey + "\" must be a host, \"*.domain\", an IP or a CIDR (or a list of them); found "
                        + p.describe());
            }
            Target t;
            try {
                t = Target.parse(p.text);
            } catch (IllegalArgumentException e) {
                throw new PolicyException(f, p.line, e.getMessage());
            }
            String ruleName = shortName + ":" + p.line + " " + (name != null ? name : actionKey + " " + t.text
                    + (portSet != null ? " ports " + portSet : "") + (from.isEmpty() ? "" : " from " + fromText(from)));
            b.add(t, action, ruleMonitor, severity, portSet, ruleName, from);
        }
    }

    /** {@code from:} a coordinate glob or a list of them; each bad one is an error at its own line. */
    static List<FromPattern> from(String f, Node n) throws PolicyException {
        List<Node> items = new ArrayList<>();
        if (n.kind == Node.Kind.LIST) {
            items.addAll(n.items);
        } else {
            items.add(n);
        }
        if (items.isEmpty()) {
            throw new PolicyException(f, n.line, "\"from\" lists no dependency; give group:artifact patterns such as"
                    + " \"com.stripe:stripe-java\" or \"io.sentry:*\", or remove the key");
        }
        List<FromPattern> out = new ArrayList<>(items.size());
        for (Node item : items) {
            if (item.kind != Node.Kind.SCALAR || item.isNull()) {
                throw new PolicyException(f, item.line, "\"from\" must be group:artifact patterns such as \"io.sentry:*\""
                        + " (or a list of them); found " + item.describe());
            }
            try {
                out.add(FromPattern.parse(item.text));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(f, item.line, e.getMessage());
            }
        }
        return out;
    }

    private static String fromText(List<FromPattern> from) {
        StringBuilder s = new StringBuilder();
        for (FromPattern p : from) {
            s.append(s.length() == 0 ? "" : ", ").append(p.text);
        }
        return s.toString();
    }

    private static void list(Path policyFile, Node entry, PolicyBuilder b, List<Path> touched) throws PolicyException {
        String f = policyFile.toString();
        if (entry.kind != Node.Kind.MAP) {
            throw new PolicyException(f, entry.line, "a list entry must be a mapping such as {file: blocked-domains.txt, action: deny}; found "
                    + entry.describe());
        }
        for (Map.Entry<String, Node> e : entry.fields.entrySet()) {
            if (!LIST_KEYS.contains(e.getKey())) {
                throw unknownKey(f, entry.keyLines.get(e.getKey()), e.getKey(), "in a list entry", LIST_KEYS);
            }
        }
        Node fileNode = entry.fields.get("file");
        if (fileNode == null || fileNode.kind != Node.Kind.SCALAR || fileNode.isNull()) {
            throw new PolicyException(f, fileNode == null ? entry.line : fileNode.line,
                    "a list entry needs \"file: <path>\" (relative to the policy file)");
        }
        Node actionNode = entry.fields.get("action");
        Verdict action = actionNode == null ? Verdict.DENY : action(f, actionNode, "action");
        Node sev = entry.fields.get("severity");
        Severity severity = sev == null ? null : severity(f, sev);
        Node mode = entry.fields.get("mode");
        boolean monitor = mode != null && mode(f, mode, false);
        if (monitor && action != Verdict.DENY) {
            throw new PolicyException(f, mode.line, "\"mode: monitor\" only applies to deny lists; remove it or use action: monitor");
        }
        boolean subdomains = bool(f, entry.fields.get("subdomains"), "subdomains", true);
        Path listFile = policyFile.resolveSibling(fileNode.text);
        touched.add(listFile);
        if (!Files.exists(listFile)) {
            throw new PolicyException(f, fileNode.line, "list file \"" + fileNode.text + "\" not found (looked at "
                    + listFile + "); create it or fix the path");
        }
        b.input(listFile);
        DomainList.read(listFile, action, monitor, severity, subdomains, b);
    }

    static boolean mode(String f, Node n, boolean global) throws PolicyException {
        if (n.isString() && n.text.equals("enforce")) {
            return false;
        }
        if (n.isString() && n.text.equals("monitor")) {
            return true;
        }
        throw new PolicyException(f, n.line, "unknown mode " + n.describe() + "; use enforce or monitor"
                + (global ? " (monitor lets everything through and records what would be denied)" : ""));
    }

    static Verdict action(String f, Node n, String key) throws PolicyException {
        if (n.isString()) {
            String s = n.text.trim().toLowerCase(Locale.ROOT);
            if (s.equals("allow") || s.equals("deny") || s.equals("monitor")) {
                return Verdict.valueOf(s.toUpperCase(Locale.ROOT));
            }
        }
        throw new PolicyException(f, n.line, "unknown action " + n.describe() + " for \"" + key + "\"; use allow, deny or monitor");
    }

    static Severity severity(String f, Node n) throws PolicyException {
        Severity s = n.isString() ? Severity.parse(n.text.trim()) : null;
        if (s == null) {
            throw new PolicyException(f, n.line, "unknown severity " + n.describe() + "; use critical, high, medium or low");
        }
        return s;
    }

    static boolean bool(String f, Node n, String key, boolean dflt) throws PolicyException {
        if (n == null) {
            return dflt;
        }
        if (n.token == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE) {
            return true;
        }
        if (n.token == com.fasterxml.jackson.core.JsonToken.VALUE_FALSE) {
            return false;
        }
        throw new PolicyException(f, n.line, "\"" + key + "\" must be true or false; found " + n.describe());
    }

    static PortSet ports(String f, Node n) throws PolicyException {
        List<Node> list = new ArrayList<>();
        if (n.kind == Node.Kind.LIST) {
            list.addAll(n.items);
        } else {
            list.add(n);
        }
        if (list.isEmpty()) {
            throw new PolicyException(f, n.line, "\"ports\" is empty; list ports such as [443, \"8000-8100\"] or remove the key");
        }
        int[] lows = new int[list.size()];
        int[] highs = new int[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Node p = list.get(i);
            if (p.kind != Node.Kind.SCALAR || p.isNull()) {
                throw new PolicyException(f, p.line, "bad port " + p.describe() + ": use a number or a \"low-high\" range");
            }
            try {
                int[] r = PortSet.parseRange(p.text);
                lows[i] = r[0];
                highs[i] = r[1];
            } catch (IllegalArgumentException e) {
                throw new PolicyException(f, p.line, e.getMessage());
            }
        }
        return new PortSet(lows, highs);
    }

    private static PolicyException syntaxError(String f, boolean json, JsonProcessingException e) {
        int line = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : 1;
        String problem = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
            org.yaml.snakeyaml.error.MarkedYAMLException m = (org.yaml.snakeyaml.error.MarkedYAMLException) cause;
            if (m.getProblemMark() != null) {
                line = m.getProblemMark().getLine() + 1;
            }
            problem = m.getProblem() + (m.getContext() != null ? " (" + m.getContext() + ")" : "");
        }
        String first = problem == null ? "unreadable" : problem.split("\n")[0];
        String hint = first.contains("alias") ? "; quote patterns that start with '*', e.g. deny: \"*.example.com\""
                : json ? "; check commas, quotes and brackets" : "; check indentation and quoting";
        return new PolicyException(f, line, (json ? "JSON" : "YAML") + " syntax error: " + first + hint);
    }

    static PolicyException unknownKey(String f, int line, String key, String where, List<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int near = Math.max(2, key.length() / 3);
        for (String a : allowed) {
            if (Math.abs(key.length() - a.length()) > near) {
                continue; // the distance is at least the difference in length: no suggestion, and no key-sized table
            }
            int d = Levenshtein.distance(key.toLowerCase(Locale.ROOT), a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        String suggestion = best != null && bestDistance <= near
                ? " (did you mean \"" + best + "\"?)" : "";
        return new PolicyException(f, line, "unknown key " + PolicyException.quote(key) + " " + where + suggestion
                + "; allowed keys: " + String.join(", ", allowed));
    }
}
