package io.egressguard.agent.itapps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * POSTs the telemetry body with HttpURLConnection: UrlConnectionCalls MODE URL [gzip]. MODE is
 * buffered (getOutputStream, write, getResponseCode: the usual shape), fixed (fixed-length
 * streaming) or connect (connect() first). Prints RESULT post=..., then what a second call on the
 * same connection threw (RESULT again=...), and for an allowed call the response code.
 */
public final class UrlConnectionCalls {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URL url = new URL(args[1]);
        String encoding = args.length > 2 ? args[2] : "";
        byte[] body = HttpBodies.body(encoding);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(3000);
        c.setReadTimeout(3000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Authorization", HttpBodies.AUTHORIZATION);
        c.setRequestProperty("X-Api-Key", HttpBodies.API_KEY);
        c.setRequestProperty("X-Sdk", "itapp/1.0");
        if ("gzip".equals(encoding)) {
            c.setRequestProperty("Content-Encoding", "gzip");
        }
        if (mode.equals("fixed")) {
            c.setFixedLengthStreamingMode(body.length);
        }
        Outcome.attempt("post", () -> {
            if (mode.equals("connect")) {
                c.connect();
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int code = c.getResponseCode();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            System.out.println("RESULT code=" + code);
        });
        Outcome.attempt("again", () -> {
            c.getInputStream().close();
        });
    }
}
