package io.egressguard.agent.capture.coordinates;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A class's code source URL taken apart: the file on disk, and for a jar nested in another
 * archive the entry inside it. Understands {@code file:}, the JDK's and Spring Boot's older
 * {@code jar:file:/app.jar!/BOOT-INF/lib/x.jar!/}, Spring Boot 3.2+'s
 * {@code jar:nested:/app.jar/!BOOT-INF/lib/x.jar!/}, and Tomcat's {@code war:file:/app.war*&#47;WEB-INF/lib/x.jar}.
 */
final class CodeLocation {
    /** The jar or directory on disk (the outer archive for a nested one); null when not a local file. */
    final Path file;
    /** The entry inside {@link #file} (BOOT-INF/lib/x.jar, BOOT-INF/classes/), or null. */
    final String entry;
    /** How the record names it: a path, {@code <archive>!/<entry>}, or the URL as given. */
    final String display;

    private CodeLocation(Path file, String entry, String display) {
        this.file = file;
        this.entry = entry;
        this.display = display;
    }

    static CodeLocation parse(String url) {
        try {
            if (url.startsWith("file:")) {
                Path p = Paths.get(URI.create(url));
                return new CodeLocation(p, null, p.toString());
            }
            if (url.startsWith("jar:nested:")) {
                String body = withoutTrailingSeparator(url.substring("jar:nested:".length()));
                int sep = body.indexOf("/!");
                return sep < 0 ? nested(body, null, url) : nested(body.substring(0, sep), body.substring(sep + 2), url);
            }
            if (url.startsWith("jar:file:")) {
                String body = withoutTrailingSeparator(url.substring("jar:file:".length()));
                int sep = body.indexOf("!/");
                return sep < 0 ? nested(body, null, url) : nested(body.substring(0, sep), body.substring(sep + 2), url);
            }
            if (url.startsWith("war:file:")) {
                String body = url.substring("war:file:".length());
                int sep = Math.max(body.indexOf("*/"), body.indexOf("^/"));
                return sep < 0 ? nested(body, null, url) : nested(body.substring(0, sep), body.substring(sep + 2), url);
            }
        } catch (RuntimeException e) {
            // a URL of a form not understood: named as given, with no coordinates
        }
        return new CodeLocation(null, null, url);
    }

    /** A code source ends with the separator that opens the jar's root. */
    private static String withoutTrailingSeparator(String body) {
        return body.endsWith("!/") ? body.substring(0, body.length() - 2) : body;
    }

    /** @param rawPath the outer file's path as the URL has it (percent-encoded) */
    private static CodeLocation nested(String rawPath, String entry, String url) {
        Path outer = Paths.get(URI.create("file:" + rawPath.replace(" ", "%20")));
        if (entry == null || entry.isEmpty()) {
            return new CodeLocation(outer, null, outer.toString());
        }
        String inner = decode(entry);
        return new CodeLocation(outer, inner, outer + "!/" + inner);
    }

    /** Percent-decoding without URLDecoder's '+' for space, which jar URLs do not use. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i += Character.charCount(c);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** True for a jar nested in another archive (rather than its classes directory). */
    boolean isNestedJar() {
        return entry != null && entry.endsWith(".jar");
    }

    /** The outer archive of a nested entry, else null. */
    String archive() {
        return entry == null ? null : file.toString();
    }
}
