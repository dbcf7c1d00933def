package io.egressguard.agent.itapps;

import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code ManyCallers HOST}: four callers, each on its own thread and through its own API, try the
 * same host one after another within a second: HttpURLConnection, a lookup, a Socket by name, the
 * JDK HttpClient. Prints {@code RESULT <api>=<outcome>} for each.
 */
public final class ManyCallers {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        run("urlconnection", () -> {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + host + "/collect").openConnection();
            c.getResponseCode();
        });
        run("lookup", () -> InetAddress.getByName(host));
        run("socket", () -> {
            try (Socket s = new Socket(host, 443)) {
                s.getOutputStream().write(1);
            }
        });
        run("httpclient", () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + "/v1")).build(),
                HttpResponse.BodyHandlers.discarding()));
    }

    private static void run(String name, Outcome.Attempt attempt) throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                attempt.run();
                Outcome.print(name, "ok");
            } catch (Throwable e) {
                Outcome.print(name, Outcome.of(e));
            }
        }, "caller-" + name);
        t.start();
        t.join();
    }
}
