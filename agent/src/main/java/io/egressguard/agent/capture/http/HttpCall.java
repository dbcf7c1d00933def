package io.egressguard.agent.capture.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an HTTP client hook read from one request: where it goes, and (read only when the attempt is
 * recorded) its method, headers and body. Plain data, client-neutral.
 */
public final class HttpCall {
    /** The URL's host without IPv6 brackets. */
    public final String host;
    /** The URL's port, or the scheme's default. */
    public final int port;
    /**
     * The client's URL object (java.net.URL, URI, okhttp3.HttpUrl) or its text. Its string is made
     * only when a record needs it: building it for every allowed request would be most of what the
     * agent costs an allowed keep-alive request (docs/benchmarks/history.md, "Allowed HTTP calls").
     */
    private final Object location;
    public String method;
    /** Header name to values as the client holds them, unredacted. */
    public Map<String, List<String>> headers = new LinkedHashMap<>();
    /** The body bytes seen (the whole body when {@link #bodyComplete}), or null when none was seen. */
    public byte[] body;
    public int bodyLength;
    /** Total body size, -1 when unknown. */
    public long bodySize = -1;
    /**
     * SHA-256 hex of the whole body, when it was seen whole and hashed while read; null with
     * {@link #bodyComplete} when the body is at hand whole and the payload capture hashes it.
     */
    public String bodySha256;
    public boolean bodyComplete;

    public HttpCall(String host, int port, Object location) {
        this.host = host;
        this.port = port;
        this.location = location;
    }

    /** The request URL as the client prints it. */
    public String url() {
        return location == null ? null : location.toString();
    }

    /** The first value of a header, any case, or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public static String stripBrackets(String host) {
        return host != null && host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }
}
