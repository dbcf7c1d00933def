package io.egressguard.agent.itapps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * JettyMovedName URL HOSTS-FILE MOVED-LINE: POSTs the telemetry body to URL with the Jetty 12
 * client's blocking send (its default resolver: the lookup and connect run on Jetty's executor),
 * then replaces the JVM's hosts file with MOVED-LINE (run with -Dsun.net.inetaddr.ttl=0) and posts
 * again from a new client, which must open a new connection. Prints RESULT first=... and RESULT moved=....
 */
public final class JettyMovedName {
    public static void main(String[] args) throws Exception {
        Outcome.attempt("first", () -> post(args[0]));
        Path hosts = Paths.get(args[1]);
        Files.write(hosts, (args[2] + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(hosts, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Outcome.attempt("moved", () -> post(args[0]));
    }

    private static void post(String url) throws Exception {
        HttpClient client = new HttpClient();
        client.setConnectTimeout(3000);
        client.start();
        try {
            ContentResponse response = client.POST(url).body(new BytesRequestContent("application/json", HttpBodies.json()))
                    .timeout(5, TimeUnit.SECONDS).send();
            if (response.getStatus() != 200) {
                throw new IllegalStateException("status " + response.getStatus());
            }
        } finally {
            client.stop();
        }
    }
}
