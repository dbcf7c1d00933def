package io.egressguard.agent.itapps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * POSTs the telemetry body with java.net.http.HttpClient: HttpClientCalls MODE VERSION URL [gzip].
 * MODE: send, async (sendAsync with 2 arguments), async-push (3 arguments). VERSION: HTTP_1_1 or
 * HTTP_2. Prints RESULT MODE=..., RESULT thrown=<class> (what send threw, or the future's cause),
 * and for an allowed call the response status.
 */
public final class HttpClientCalls {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.valueOf(args[1]))
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        String encoding = args.length > 3 ? args[3] : "";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(args[2]))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Authorization", HttpBodies.AUTHORIZATION)
                .header("X-Api-Key", HttpBodies.API_KEY)
                .header("X-Sdk", "itapp/1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HttpBodies.body(encoding)));
        if ("gzip".equals(encoding)) {
            b.header("Content-Encoding", "gzip");
        }
        HttpRequest request = b.build();
        Outcome.attempt(mode, () -> {
            HttpResponse<String> response;
            if (mode.equals("send")) {
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    System.out.println("RESULT thrown=" + e.getClass().getName());
                    throw e;
                }
            } else {
                CompletableFuture<HttpResponse<String>> f = mode.equals("async")
                        ? client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        : client.sendAsync(request, HttpResponse.BodyHandlers.ofString(), null);
                try {
                    response = f.get();
                } catch (ExecutionException e) {
                    System.out.println("RESULT thrown=" + e.getCause().getClass().getName());
                    throw e;
                }
            }
            System.out.println("RESULT status=" + response.statusCode());
        });
    }
}
