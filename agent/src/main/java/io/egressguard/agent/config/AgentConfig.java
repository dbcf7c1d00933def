package io.egressguard.agent.config;

import io.egressguard.policy.Levenshtein;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The agent's options, resolved once at start-up from agent arguments, then system properties
 * {@code egressguard.<key>}, then environment variables {@code EGRESSGUARD_<KEY>}, then defaults.
 * Problems (unknown keys, bad values) become warnings; a bad value falls back to the default.
 */
public final class AgentConfig {
    /** Properties the agent sets itself (not options): never "unknown". */
    private static final List<String> INTERNAL_PROPERTIES = java.util.Arrays.asList("egressguard.agent.active");

    private final Map<Option, String> values;
    private final Map<Option, String> sources;
    private final List<String> warnings;

    private AgentConfig(Map<Option, String> values, Map<Option, String> sources, List<String> warnings) {
        this.values = values;
        this.sources = sources;
        this.warnings = warnings;
    }

    public static AgentConfig resolve(String agentArgs, Properties systemProperties, Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> args = parseArgs(agentArgs, warnings);
        Map<Option, String> raw = new HashMap<>();
        Map<Option, String> sources = new HashMap<>();

        for (String name : environment.keySet()) {
            if (name.startsWith("EGRESSGUARD_") && optionForEnv(name) == null) {
                warnings.add("unknown environment variable " + name + suggestion(name.substring(12).toLowerCase(Locale.ROOT).replace('_', '.')));
            }
        }
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith("egressguard.") && Options.byKey(name.substring(12)) == null && !INTERNAL_PROPERTIES.contains(name)) {
                warnings.add("unknown system property " + name + suggestion(name.substring(12)));
            }
        }
        for (Map.Entry<String, String> e : args.entrySet()) {
            if (Options.byKey(e.getKey()) == null) {
                warnings.add("unknown option '" + e.getKey() + "' in agent arguments" + suggestion(e.getKey()));
            }
        }
        for (Option o : Options.ALL) {
            String value = args.get(o.key());
            String source = "agent argument " + o.key();
            if (value == null) {
                value = systemProperties.getProperty(o.systemProperty());
                source = "system property " + o.systemProperty();
            }
            if (value == null) {
                value = environment.get(o.environmentVariable());
                source = "environment variable " + o.environmentVariable();
            }
            if (value == null) {
                continue;
            }
            String problem = OptionValues.check(o, value.trim());
            if (problem != null) {
                warnings.add(source + "=" + value + ": " + problem + "; using the default " + o.defaultValue());
            } else {
                raw.put(o, value.trim());
                sources.put(o, source);
            }
        }
        return new AgentConfig(raw, sources, Collections.unmodifiableList(warnings));
    }

    private static Option optionForEnv(String envName) {
        for (Option o : Options.ALL) {
            if (o.environmentVariable().equals(envName)) {
                return o;
            }
        }
        return null;
    }

    private static Map<String, String> parseArgs(String agentArgs, List<String> warnings) {
        Map<String, String> out = new HashMap<>();
        if (agentArgs == null || agentArgs.trim().isEmpty()) {
            return out;
        }
        for (String part : agentArgs.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                warnings.add("agent argument '" + item + "' is not key=value; ignored");
                continue;
            }
            out.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return out;
    }

    private static String suggestion(String unknown) {
        Option best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Option o : Options.ALL) {
            int d = Levenshtein.distance(unknown, o.key());
            if (d < bestDistance) {
                bestDistance = d;
                best = o;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean '" + best.key() + "'?); ignored" : "; ignored";
    }

    public List<String> warnings() {
        return warnings;
    }

    public String string(Option o) {
        String v = values.get(o);
        return v != null ? v : o.defaultValue();
    }

    public boolean isSet(Option o) {
        return values.containsKey(o);
    }

    /** Where an explicitly set option came from, for messages; "default" otherwise. */
    public String source(Option o) {
        String s = sources.get(o);
        return s != null ? s : "default";
    }

    public boolean bool(Option o) {
        return Boolean.parseBoolean(string(o));
    }

    public long number(Option o) {
        return OptionValues.parseNumber(o, string(o));
    }

    /** A list option's names, split at ; and , with blanks dropped. */
    public List<String> list(Option o) {
        List<String> out = new ArrayList<>();
        for (String s : string(o).split("[;,]")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** A path option with {@code ${user.home}} and {@code ${java.io.tmpdir}} expanded. */
    public String path(Option o, Properties systemProperties) {
        String v = string(o);
        v = v.replace("${user.home}", systemProperties.getProperty("user.home", "."));
        v = v.replace("${java.io.tmpdir}", systemProperties.getProperty("java.io.tmpdir", "/tmp"));
        return v;
    }
}
