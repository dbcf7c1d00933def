package io.egressguard.examples.reactornetty;

import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Sends a request to its own local service (allowed), then a usage report with Reactor Netty's
 * HttpClient (refused under the agent before Netty's own DNS resolver sends any query).
 */
public final class ReactorNettyExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"Reactor Netty\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        local.start();
        HttpClient client = HttpClient.create().headers(h -> h.set("Content-Type", "application/json"));
        try {
            System.out.println("local service: " + post(client, "http://127.0.0.1:" + local.getAddress().getPort() + "/v1/track"));
            System.out.println("usage report: " + post(client, "https://api.segment.io/v1/track"));
        } finally {
            local.stop(0);
        }
    }

    private static String post(HttpClient client, String url) {
        try {
            Integer status = client.post().uri(url)
                    .send(Mono.just(Unpooled.wrappedBuffer(REPORT.getBytes(StandardCharsets.UTF_8))))
                    .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(s -> response.status().code()))
                    .block(Duration.ofSeconds(10));
            return "HTTP " + status;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "failed: " + root;
        }
    }
}
