package io.egressguard.examples.okhttp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Calls its own local service (allowed), then POSTs a usage report with OkHttp (refused under the agent). */
public final class OkHttpExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"OkHttp\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        });
        local.start();
        OkHttpClient client = new OkHttpClient();
        try {
            System.out.println("local service answered: " + post(client, "http://127.0.0.1:" + local.getAddress().getPort() + "/api/ping"));
            System.out.println("usage report was NOT stopped: " + post(client, "https://telemetry.plane.so/v1/track"));
        } catch (IOException e) {
            System.out.println("usage report failed: " + e);
        } finally {
            local.stop(0);
            // OkHttp's pool and dispatcher threads would keep the JVM up for a minute.
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static int post(OkHttpClient client, String url) throws IOException {
        Request r = new Request.Builder().url(url).header("Authorization", "Bearer demo-write-key")
                .post(RequestBody.create(REPORT, MediaType.get("application/json"))).build();
        try (Response response = client.newCall(r).execute()) {
            return response.code();
        }
    }
}
