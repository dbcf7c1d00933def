package io.egressguard.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Dockerfile as instructions (continuation lines joined, comments dropped). */
final class Dockerfile {
    final String name;
    final List<String[]> instructions = new ArrayList<>();

    private Dockerfile(String name) {
        this.name = name;
    }

    static Dockerfile parse(Path file) throws Exception {
        Dockerfile d = new Dockerfile(file.getFileName().toString());
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String joined = current.toString().strip();
            current.setLength(0);
            if (joined.isEmpty()) {
                continue;
            }
            int sp = joined.indexOf(' ');
            if (sp < 0) {
                throw new AssertionError(d.name + ": instruction without arguments: " + joined);
            }
            String keyword = joined.substring(0, sp);
            if (!keyword.matches("FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL")) {
                throw new AssertionError(d.name + ": unknown instruction " + keyword);
            }
            d.instructions.add(new String[] {keyword, joined.substring(sp + 1).strip()});
        }
        return d;
    }

    List<String> all(String keyword) {
        List<String> out = new ArrayList<>();
        for (String[] i : instructions) {
            if (i[0].equals(keyword)) {
                out.add(i[1]);
            }
        }
        return out;
    }

    /** The last instruction's exec form (a JSON array), as Docker uses the last CMD/ENTRYPOINT. */
    List<String> execArray(String keyword) throws Exception {
        List<String> all = all(keyword);
        if (all.isEmpty()) {
            throw new AssertionError(name + ": no " + keyword);
        }
        String value = all.get(all.size() - 1);
        if (!value.startsWith("[")) {
            throw new AssertionError(name + ": " + keyword + " is not in exec form (signals would not reach the JVM): " + value);
        }
        List<String> out = new ArrayList<>();
        for (Object o : new ObjectMapper().readValue(value, List.class)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** Each COPY without --from as {source, destination}. */
    List<String[]> copies() {
        List<String[]> out = new ArrayList<>();
        for (String c : all("COPY")) {
            String[] parts = c.split("\\s+");
            if (parts[0].startsWith("--from")) {
                continue;
            }
            if (parts.length != 2) {
                throw new AssertionError(name + ": COPY one file at a time: " + c);
            }
            out.add(parts);
        }
        return out;
    }

    /** The images FROM names, each ${ARG} replaced by that ARG's default: what a build without --build-arg uses. */
    List<String> baseImages() {
        Map<String, String> defaults = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String[] i : instructions) {
            if (i[0].equals("ARG") && i[1].contains("=")) {
                defaults.put(i[1].substring(0, i[1].indexOf('=')), i[1].substring(i[1].indexOf('=') + 1));
            } else if (i[0].equals("FROM")) {
                String image = i[1].split("\\s+")[0];
                for (Map.Entry<String, String> d : defaults.entrySet()) {
                    image = image.replace("${" + d.getKey() + "}", d.getValue());
                }
                if (image.contains("$")) {
                    throw new AssertionError(name + ": FROM " + i[1] + " uses an ARG without a default");
                }
                out.add(image);
            }
        }
        return out;
    }

    /** ENV KEY=VALUE pairs (several per instruction allowed). */
    Map<String, String> env() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String e : all("ENV")) {
            for (String pair : e.split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new AssertionError(name + ": ENV in KEY=VALUE form only: " + e);
                }
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }
}
