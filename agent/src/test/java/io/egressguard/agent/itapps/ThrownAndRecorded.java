package io.egressguard.agent.itapps;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;

/**
 * Is refused three ways (a socket connect, a UDP send, a buffered HttpURLConnection POST) to
 * {@code args[0]}:{@code args[1]}, and for each prints the event id the agent's exception names and
 * this class's frames in the exception's trace ({@code RESULT NAME.id=...}, {@code RESULT
 * NAME.frames=a|b|...}), then does to the exception what an app may: replaces its trace, and fills
 * it in again where it caught it. The record must still show the stack the exception was thrown with.
 */
public final class ThrownAndRecorded {
    private static final String OURS = "io.egressguard.agent.bootstrap.EgressBlockedException";

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        refused("socket", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
            }
        });
        refused("udp", () -> {
            try (DatagramSocket s = new DatagramSocket()) {
                byte[] data = "{\"event\":\"udp\"}".getBytes("UTF-8");
                s.send(new DatagramPacket(data, data.length, new InetSocketAddress(host, port)));
            }
        });
        // Last: a connect just after an HTTP request to the same host is that request's, not a record of its own.
        refused("post", () -> post(new URL("http://" + host + ":" + port + "/v1/track")));
    }

    private static void post(URL url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(HttpBodies.body(""));
        }
        c.getResponseCode();
    }

    private static void refused(String name, Outcome.Attempt attempt) throws Exception {
        try {
            attempt.run();
            Outcome.print(name, "ok");
        } catch (IOException e) {
            Throwable ours = e;
            while (ours != null && !ours.getClass().getName().equals(OURS)) {
                ours = ours.getCause();
            }
            if (ours == null) {
                throw e;
            }
            Outcome.print(name, "blocked");
            Method eventId = ours.getClass().getMethod("eventId");
            Outcome.print(name + ".id", String.valueOf(eventId.invoke(ours)));
            StringBuilder frames = new StringBuilder();
            for (StackTraceElement f : ours.getStackTrace()) {
                if (f.getClassName().startsWith(ThrownAndRecorded.class.getName())) {
                    frames.append(frames.length() == 0 ? "" : "|").append(f);
                }
            }
            Outcome.print(name + ".frames", frames.toString());
            ours.setStackTrace(new StackTraceElement[] {new StackTraceElement("Forged", "frame", "Forged.java", 1)});
            ours.fillInStackTrace();
        }
    }
}
