package io.egressguard.examples.vertx;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a request to its own local service (allowed), then a usage report with the Vert.x
 * HttpClient (refused under the agent before Vert.x's resolver sends any query).
 */
public final class VertxExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"Vert.x\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        local.start();
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient();
        try {
            System.out.println("local service: " + post(client, "http://127.0.0.1:" + local.getAddress().getPort() + "/v1/track"));
            System.out.println("usage report: " + post(client, "http://api.segment.io/v1/track"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            local.stop(0);
        }
    }

    private static String post(HttpClient client, String url) throws Exception {
        try {
            int status = client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> request.send(Buffer.buffer(REPORT)))
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return "HTTP " + status;
        } catch (ExecutionException e) {
            return "failed: " + e.getCause();
        }
    }
}
