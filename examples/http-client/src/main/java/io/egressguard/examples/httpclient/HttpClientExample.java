package io.egressguard.examples.httpclient;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Calls its own local service (allowed), then POSTs a usage report with java.net.http.HttpClient (refused under the agent). */
public final class HttpClientExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"HttpClient\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        });
        local.start();
        HttpClient client = HttpClient.newHttpClient();
        try {
            System.out.println("local service answered: " + post(client, "http://127.0.0.1:" + local.getAddress().getPort() + "/api/ping"));
            System.out.println("usage report was NOT stopped: " + post(client, "https://api.segment.io/v1/track"));
        } catch (IOException e) {
            System.out.println("usage report failed: " + e);
        } finally {
            local.stop(0);
        }
    }

    private static int post(HttpClient client, String url) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Basic ZGVtby13cml0ZS1rZXk6").POST(HttpRequest.BodyPublishers.ofString(REPORT)).build();
        return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
