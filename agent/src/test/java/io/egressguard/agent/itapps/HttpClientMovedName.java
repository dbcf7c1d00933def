package io.egressguard.agent.itapps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;

/**
 * HttpClientMovedName URL HOSTS-FILE MOVED-LINE: sends the telemetry body to URL with
 * HttpClient.send, then replaces the JVM's hosts file with MOVED-LINE (the name now resolves
 * elsewhere; run with -Dsun.net.inetaddr.ttl=0) and sends it again on a new client, which must open
 * a new connection. Prints RESULT first=... and RESULT moved=....
 */
public final class HttpClientMovedName {
    public static void main(String[] args) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("Authorization", HttpBodies.AUTHORIZATION)
                .header("X-Api-Key", HttpBodies.API_KEY)
                .header("X-Sdk", "itapp/1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(HttpBodies.body("")))
                .build();
        Outcome.attempt("first", () -> send(request));
        Path hosts = Paths.get(args[1]);
        Files.write(hosts, (args[2] + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(hosts, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Outcome.attempt("moved", () -> send(request));
    }

    private static void send(HttpRequest request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode());
        }
    }
}
