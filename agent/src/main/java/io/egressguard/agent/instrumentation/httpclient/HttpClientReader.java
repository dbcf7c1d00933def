package io.egressguard.agent.instrumentation.httpclient;

import io.egressguard.agent.capture.http.HttpCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code java.net.http.HttpRequest} through its public API. Loaded only when the JDK's
 * HttpClient is used, so a runtime without java.net.http never links it.
 */
final class HttpClientReader {
    /**
     * The JDK's publishers that produce the same bytes on every subscription (byte arrays, strings,
     * files, no body). Any other publisher (an InputStream, a Flow adapter) may be one-shot: its
     * body is never touched, only its declared length recorded.
     */
    private static final Set<String> REPLAYABLE = new HashSet<>(Arrays.asList(
            "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
            "jdk.internal.net.http.RequestPublishers$StringPublisher",
            "jdk.internal.net.http.RequestPublishers$EmptyPublisher",
            "jdk.internal.net.http.RequestPublishers$FilePublisher"));
    /** Larger bodies (big file uploads) are not read: size only. */
    private static final long MAX_COLLECT = 16L << 20;

    private final int keep;

    /** @param keep bytes of the body to keep for the previews */
    HttpClientReader(int keep) {
        this.keep = keep;
    }

    public HttpCall target(Object request) {
        URI uri = ((HttpRequest) request).uri();
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return new HttpCall(HttpCall.stripBrackets(uri.getHost()), port, uri);
    }

    /** The request method: with the URL, what tells repeats of one request apart. */
    public String method(Object request) {
        return ((HttpRequest) request).method();
    }

    public void readRequest(Object request, HttpCall call) throws InterruptedException {
        HttpRequest r = (HttpRequest) request;
        call.method = r.method();
        for (Map.Entry<String, List<String>> e : r.headers().map().entrySet()) {
            call.headers.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        Optional<HttpRequest.BodyPublisher> body = r.bodyPublisher();
        if (!body.isPresent()) {
            call.bodySize = 0;
            return;
        }
        HttpRequest.BodyPublisher p = body.get();
        call.bodySize = p.contentLength();
        if (REPLAYABLE.contains(p.getClass().getName()) && p.contentLength() <= MAX_COLLECT) {
            BodyCollector.collect(p, keep, call);
        }
    }
}
