import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The "small HTTP service" of the start-up benchmark: a JDK HttpServer on 127.0.0.1 (ephemeral port)
 * serves its first request, sent from this JVM over loopback by HttpURLConnection, then stops.
 * Prints the wall-clock time (epoch ms) at which that first response was read, so the script can
 * subtract the launch time: "time to first response" from the process's start.
 */
public class TinyService {
    public static void main(String[] args) throws Exception {
        byte[] answer = "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/health").openConnection();
        int status = c.getResponseCode();
        int length;
        try (InputStream in = c.getInputStream()) {
            length = in.readAllBytes().length;
        }
        long at = System.currentTimeMillis();
        if (status != 200 || length != answer.length) {
            throw new IllegalStateException("unexpected answer " + status + ", " + length + " bytes");
        }
        System.out.println(at);
        server.stop(0);
    }
}
