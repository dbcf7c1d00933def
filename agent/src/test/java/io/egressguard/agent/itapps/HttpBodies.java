package io.egressguard.agent.itapps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** The telemetry-like request bodies the HTTP test apps send and the tests compare against. */
public final class HttpBodies {
    public static final String JSON = "{\"event\":\"app_opened\",\"user\":\"u-1234\",\"props\":{\"plan\":\"pro\",\"seats\":12}}";
    public static final String AUTHORIZATION = "Bearer sk-test-0123456789";
    public static final String API_KEY = "key-abcdef";

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
    static byte[] body(String encoding) {
        return "gzip".equals(encoding) ? gzippedJson() : json();
    }
}
