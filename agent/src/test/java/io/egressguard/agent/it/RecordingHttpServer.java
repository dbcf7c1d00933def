package io.egressguard.agent.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An allowed HTTP service on 127.0.0.1 that keeps every request it gets (method, URI, headers and
 * the exact bytes of the body) and answers 200 "ok", to prove that capturing a request neither
 * consumes nor changes what the server receives.
 */
public final class RecordingHttpServer implements AutoCloseable {
    /** The answer's body. */
    public static final String ANSWER = "ok";

    /** One request as the server got it; header names ignore case. */
    public record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public RecordingHttpServer() throws IOException {
        this(0);
    }

    /** On 127.0.0.1:{@code port}, 0 for any free port. */
    public RecordingHttpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI(), headers, in.readAllBytes()));
            }
            byte[] ok = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    public List<byte[]> bodies() {
        List<byte[]> bodies = new ArrayList<>();
        for (Request r : requests()) {
            bodies.add(r.body());
        }
        return bodies;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
