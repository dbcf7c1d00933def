package io.egressguard.agent.itapps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * java.net.http.HttpClient: send, and sendAsync (a future). Options: {@code version=HTTP_1_1}
 * (default) or {@code HTTP_2}; {@code push=true} calls the sendAsync that takes a push promise
 * handler (3 arguments).
 */
public final class JdkHttpClientDriver implements HttpDriver {
    @Override
    public Reply send(TelemetryPost post) throws Exception {
        HttpResponse<String> response = client(post).send(request(post), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    @Override
    public CompletableFuture<Reply> sendAsync(TelemetryPost post) {
        HttpClient client = client(post);
        HttpRequest request = request(post);
        CompletableFuture<HttpResponse<String>> response = post.option("push", "false").equals("true")
                ? client.sendAsync(request, HttpResponse.BodyHandlers.ofString(), null)
                : client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        return response.thenApply(r -> new Reply(r.statusCode(), r.body()));
    }

    private static HttpClient client(TelemetryPost post) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.valueOf(post.option("version", "HTTP_1_1")))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    private static HttpRequest request(TelemetryPost post) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(post.url)).timeout(Duration.ofSeconds(5));
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(post.body())).build();
    }
}
