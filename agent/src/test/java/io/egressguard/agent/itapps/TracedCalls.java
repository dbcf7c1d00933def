package io.egressguard.agent.itapps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;

/**
 * For running beside another agent (OpenTelemetry): an allowed HttpURLConnection GET to URL, which
 * the other agent instruments, then a socket connect to HOST:PORT, which our policy denies.
 * Usage: TracedCalls URL HOST PORT. Prints RESULT get=ok, RESULT code=..., RESULT socket=....
 */
public final class TracedCalls {
    public static void main(String[] args) throws Exception {
        Outcome.attempt("get", () -> {
            HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            int code = c.getResponseCode();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            Outcome.print("code", String.valueOf(code));
        });
        Outcome.attempt("socket", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 2000);
            }
        });
    }
}
