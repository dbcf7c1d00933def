package io.egressguard.agent.itapps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one request every {@link HttpDriver} sends: a POST of the telemetry body ({@link HttpBodies})
 * to a URL with the telemetry headers. Options after the URL: {@code gzip} (the gzip body, with
 * Content-Encoding) and {@code key=value} settings a driver documents (an HTTP version, say).
 */
public final class TelemetryPost {
    public final String url;
    /** "gzip" or "" (plain JSON). */
    public final String encoding;
    private final Map<String, String> options;

    private TelemetryPost(String url, String encoding, Map<String, String> options) {
        this.url = url;
        this.encoding = encoding;
        this.options = options;
    }

    public static TelemetryPost of(String url, String... options) {
        String encoding = "";
        Map<String, String> settings = new LinkedHashMap<>();
        for (String o : options) {
            if (o.equals("gzip")) {
                encoding = "gzip";
            } else if (o.contains("=")) {
                settings.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
            } else if (!o.isEmpty()) {
                throw new IllegalArgumentException("not an option: " + o);
            }
        }
        return new TelemetryPost(url, encoding, settings);
    }

    public byte[] body() {
        return HttpBodies.body(encoding);
    }

    /** Name to value, in the order to send them (Content-Type first). */
    public Map<String, String> headers() {
        return HttpBodies.headers(encoding);
    }

    public String option(String key, String otherwise) {
        return options.getOrDefault(key, otherwise);
    }
}
