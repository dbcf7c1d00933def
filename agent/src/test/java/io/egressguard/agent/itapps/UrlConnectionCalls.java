package io.egressguard.agent.itapps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;

/**
 * POSTs the telemetry body with HttpURLConnection in the ways only it has: UrlConnectionCalls MODE
 * URL [gzip]. MODE is buffered (getOutputStream, write, getResponseCode: the usual shape, as
 * {@link UrlConnectionDriver} sends it), fixed (fixed-length streaming) or connect (connect()
 * first). Prints RESULT post=..., then what a second call on the same connection threw (RESULT
 * again=...), and for an allowed call the response code.
 */
public final class UrlConnectionCalls {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        TelemetryPost post = TelemetryPost.of(args[1], args.length > 2 ? args[2] : "");
        byte[] body = post.body();
        HttpURLConnection c = UrlConnectionDriver.open(post);
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
