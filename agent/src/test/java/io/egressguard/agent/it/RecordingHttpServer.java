package io.egressguard.agent.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An allowed HTTP service on 127.0.0.1 that keeps the exact bytes of every request body it gets,
 * to prove that capturing a body neither consumes nor changes what the server receives.
 */
public final class RecordingHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());

    public RecordingHttpServer() throws IOException {
        this(0);
    }

    /** On 127.0.0.1:{@code port}, 0 for any free port. */
    public RecordingHttpServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
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

    public List<byte[]> bodies() {
        synchronized (bodies) {
            return new ArrayList<>(bodies);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
