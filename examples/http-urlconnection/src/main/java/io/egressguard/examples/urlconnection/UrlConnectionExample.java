package io.egressguard.examples.urlconnection;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** Calls its own local service (allowed), then POSTs a usage report with HttpURLConnection (refused under the agent). */
public final class UrlConnectionExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"HttpURLConnection\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        });
        local.start();
        try {
            System.out.println("local service answered: " + post("http://127.0.0.1:" + local.getAddress().getPort() + "/api/ping"));
            System.out.println("usage report was NOT stopped: " + post("https://telemetry.plane.so/v1/track"));
        } catch (IOException e) {
            System.out.println("usage report failed: " + e);
        } finally {
            local.stop(0);
        }
    }

    private static int post(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", "Bearer demo-write-key");
        try (OutputStream out = c.getOutputStream()) {
            out.write(REPORT.getBytes(StandardCharsets.UTF_8));
        }
        return c.getResponseCode();
    }
}
