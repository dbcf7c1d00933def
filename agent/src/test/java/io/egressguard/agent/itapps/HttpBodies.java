package io.egressguard.agent.itapps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The telemetry-like request bodies and headers the HTTP test apps send and the tests compare against. */
public final class HttpBodies {
    public static final String JSON = "{\"event\":\"app_opened\",\"user\":\"u-1234\",\"props\":{\"plan\":\"pro\",\"seats\":12}}";
    public static final String AUTHORIZATION = "Bearer sk-test-0123456789";
    public static final String API_KEY = "key-abcdef";
    public static final String SDK = "itapp/1.0";

    private HttpBodies() {
    }

    public static byte[] json() {
        return JSON.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] gzippedJson() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(json());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "gzip" or anything else (plain JSON). */
    public static byte[] body(String encoding) {
        return "gzip".equals(encoding) ? gzippedJson() : json();
    }

    /**
     * The request headers sent with {@link #body}, in order: Content-Type, Authorization and
     * X-Api-Key (which the agent redacts), X-Sdk (which it keeps), and Content-Encoding for gzip.
     */
    public static Map<String, String> headers(String encoding) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", AUTHORIZATION);
        headers.put("X-Api-Key", API_KEY);
        headers.put("X-Sdk", SDK);
        if ("gzip".equals(encoding)) {
            headers.put("Content-Encoding", "gzip");
        }
        return headers;
    }
}
