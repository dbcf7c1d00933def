package io.egressguard.collector.alert;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.egressguard.collector.CollectorException;
import io.egressguard.event.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The alert rules and where alerts go, from a rules file (YAML, or JSON when the name ends in .json;
 * docs/alerts.md) or the defaults. Every problem is one line naming the file and, where the parser
 * knows it, the line.
 *
 * @param file    the JSON-lines file alerts are appended to, or null
 * @param command the program (and arguments, no shell) that receives each alert's JSON on stdin, or empty
 */
public record AlertConfig(List<AlertRule> rules, boolean stderr, Path file, List<String> command, Duration commandTimeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public static AlertConfig defaults() {
        return new AlertConfig(AlertRule.defaults(), true, null, List.of(), DEFAULT_TIMEOUT);
    }

    public static AlertConfig load(Path path) {
        String f = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CollectorException(f + ": alert rules file not found; create it or fix the path (see docs/alerts.md)");
        } catch (IOException e) {
            throw new CollectorException(f + ": cannot read the alert rules file: " + e.getMessage(), e);
        }
        boolean json = f.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonFactory factory = json ? JsonFactory.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build() : new YAMLFactory();
        ObjectMapper mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY); // command: notify → [notify]
        FileSpec spec;
        try {
            spec = bytes.length == 0 ? null : mapper.readValue(bytes, FileSpec.class);
        } catch (JsonProcessingException e) {
            throw new CollectorException(f + ":" + line(e.getLocation()) + ": " + problem(e));
        } catch (IOException e) {
            throw new CollectorException(f + ": cannot read the alert rules file: " + e.getMessage(), e);
        }
        if (spec == null) {
            throw new CollectorException(f + ":1: the alert rules file is empty; write at least \"rules: []\" or leave the option out for the defaults");
        }
        return spec.toConfig(f, path);
    }

    private static int line(JsonLocation location) {
        return location != null && location.getLineNr() > 0 ? location.getLineNr() : 1;
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            Set<String> known = new TreeSet<>();
            u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            return "unknown key \"" + u.getPropertyName() + "\"; allowed keys here: " + String.join(", ", known);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path = m.getPath();
            String key = path.get(path.size() - 1).getFieldName();
            String parent = path.size() > 1 ? path.get(path.size() - 2).getFieldName() : null;
            String what = key != null ? "\"" + key + "\"" : parent != null ? "each entry of \"" + parent + "\"" : "the file";
            return what + " must be " + expected(m.getTargetType()) + " (see docs/alerts.md)";
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // Jackson appends where its input came from; the file and line are already in front
        return (json(e) ? "JSON" : "YAML") + " syntax error: " + message.split("\n")[0].replaceAll(" \\(start marker at .*", "")
                + "; check indentation, quotes and brackets";
    }

    private static boolean json(JsonProcessingException e) {
        return !(e.getProcessor() instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == RuleSpec.class) {
            return "a mapping such as {when: blocks, more-than: 10}";
        }
        return type == String.class ? "a text" : "a mapping of keys such as the example in docs/alerts.md";
    }

    /** The file as written; each setter checks its value, so Jackson reports a bad one with its line. */
    static final class FileSpec {
        Duration window;
        List<RuleSpec> rules;
        OutputSpec outputs;

        @JsonProperty("window")
        void setWindow(String text) {
            window = Windows.parseDuration(text);
        }

        @JsonProperty("rules")
        void setRules(List<RuleSpec> rules) {
            this.rules = rules;
        }

        @JsonProperty("outputs")
        void setOutputs(OutputSpec outputs) {
            this.outputs = outputs;
        }

        AlertConfig toConfig(String f, Path path) {
            Duration defaultWindow = window != null ? window : AlertRule.DEFAULT_WINDOW;
            List<AlertRule> list;
            if (rules == null) {
                list = new ArrayList<>();
                for (AlertRule r : AlertRule.defaults()) {
                    list.add(new AlertRule(r.name(), r.kind(), r.severity(), r.moreThan(), r.overBytes(), defaultWindow));
                }
            } else {
                list = new ArrayList<>();
                Set<String> names = new HashSet<>();
                for (int i = 0; i < rules.size(); i++) {
                    AlertRule r = rules.get(i).toRule(f, i + 1, defaultWindow);
                    if (!names.add(r.name())) {
                        throw new CollectorException(f + ": rule " + (i + 1) + ": the name \"" + r.name()
                                + "\" is used twice; give each rule its own name (alerts repeat per name)");
                    }
                    list.add(r);
                }
            }
            OutputSpec o = outputs != null ? outputs : new OutputSpec();
            Path file = o.file == null ? null : path.toAbsolutePath().resolveSibling(o.file);
            return new AlertConfig(List.copyOf(list), o.stderr, file, o.command == null ? List.of() : List.copyOf(o.command),
                    o.timeout != null ? o.timeout : DEFAULT_TIMEOUT);
        }
    }

    static final class RuleSpec {
        String name;
        AlertRule.Kind when;
        Severity severity;
        Long moreThan;
        Long over;
        Duration window;

        @JsonProperty("name")
        void setName(String name) {
            if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("bad rule name \"" + name + "\": use letters, digits, '.', '_' and '-'");
            }
            this.name = name;
        }

        @JsonProperty("when")
        void setWhen(String text) {
            when = text == null ? null : AlertRule.Kind.parse(text);
            if (when == null) {
                throw new IllegalArgumentException("unknown \"when\": \"" + text + "\"; use severity, blocks, payload or new-destination");
            }
        }

        @JsonProperty("severity")
        void setSeverity(String text) {
            severity = text == null ? null : Severity.parse(text.trim());
            if (severity == null) {
                throw new IllegalArgumentException("unknown severity \"" + text + "\"; use critical, high, medium or low");
            }
        }

        @JsonProperty("more-than")
        void setMoreThan(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("\"more-than\" must be 0 or more; found " + n);
            }
            moreThan = n;
        }

        @JsonProperty("over")
        void setOver(String text) {
            over = Windows.parseBytes(text);
        }

        @JsonProperty("window")
        void setWindow(String text) {
            window = Windows.parseDuration(text);
        }

        AlertRule toRule(String f, int index, Duration defaultWindow) {
            String where = f + ": rule " + index + (name != null ? " (" + name + ")" : "") + ": ";
            if (when == null) {
                throw new CollectorException(where + "needs \"when\": severity, blocks, payload or new-destination");
            }
            if (severity != null && when != AlertRule.Kind.SEVERITY) {
                throw new CollectorException(where + "\"severity\" only applies to when: severity");
            }
            if (over != null && when != AlertRule.Kind.PAYLOAD) {
                throw new CollectorException(where + "\"over\" only applies to when: payload");
            }
            if (moreThan != null && when == AlertRule.Kind.NEW_DESTINATION) {
                throw new CollectorException(where + "\"more-than\" does not apply to when: new-destination (it fires once per destination)");
            }
            Severity s = when == AlertRule.Kind.SEVERITY ? (severity != null ? severity : Severity.CRITICAL) : null;
            long n = moreThan != null ? moreThan : when == AlertRule.Kind.BLOCKS ? 10 : 0;
            long bytes = when == AlertRule.Kind.PAYLOAD ? (over != null ? over : AlertRule.MIB) : 0;
            String ruleName = name != null ? name : when == AlertRule.Kind.SEVERITY ? s.wireName() : when.wireName();
            return new AlertRule(ruleName, when, s, n, bytes, window != null ? window : defaultWindow);
        }
    }

    static final class OutputSpec {
        boolean stderr = true;
        String file;
        List<String> command;
        Duration timeout;

        @JsonProperty("stderr")
        void setStderr(boolean on) {
            stderr = on;
        }

        @JsonProperty("file")
        void setFile(String file) {
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("\"file\" names no file; give a path (relative to this file) or remove the key");
            }
            this.file = file;
        }

        @JsonProperty("command")
        void setCommand(List<String> command) {
            if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
                throw new IllegalArgumentException("\"command\" must list a program and its arguments, e.g. [/usr/local/bin/notify, --to, ops]");
            }
            this.command = command;
        }

        @JsonProperty("timeout")
        void setTimeout(String text) {
            timeout = Windows.parseDuration(text);
        }
    }
}
