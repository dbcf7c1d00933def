package io.egressguard.agent.itapps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** HttpURLConnection, the usual buffered way: getOutputStream, write, getResponseCode. No asynchronous API. */
public final class UrlConnectionDriver implements HttpDriver {
    /** A connection set up to POST the body (method, timeouts, headers); nothing sent yet. */
    public static HttpURLConnection open(TelemetryPost post) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(post.url).openConnection();
        c.setConnectTimeout(3000);
        c.setReadTimeout(3000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        for (Map.Entry<String, String> h : post.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        return c;
    }

    @Override
    public Reply send(TelemetryPost post) throws Exception {
        HttpURLConnection c = open(post);
        try (OutputStream out = c.getOutputStream()) {
            out.write(post.body());
        }
        int code = c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
            return new Reply(code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
