package io.egressguard.examples.phonehome;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A small app that does what vendor code does: it talks to its own local service (allowed), then
 * tries to send a usage report to a telemetry vendor over a plain socket (blocked under the agent).
 */
public final class PhoneHome {
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "telemetry.plane.so";
        try (ServerSocket local = new ServerSocket()) {
            local.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread echo = new Thread(() -> answerOnce(local), "local-service");
            echo.start();
            try (Socket s = new Socket("127.0.0.1", local.getLocalPort())) {
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = s.getInputStream().readNBytes(5);
                System.out.println("local service answered: " + new String(reply, StandardCharsets.US_ASCII).trim());
            }
            echo.join();
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target, 443), 3000);
            OutputStream out = s.getOutputStream();
            out.write("{\"event\":\"app_started\",\"installId\":\"3f2a\"}".getBytes(StandardCharsets.UTF_8));
            System.out.println("phone-home to " + target + " was NOT stopped");
        } catch (IOException e) {
            System.out.println("phone-home to " + target + " failed: " + e);
        }
    }

    private static void answerOnce(ServerSocket local) {
        try (Socket c = local.accept(); InputStream in = c.getInputStream()) {
            in.readNBytes(5);
            c.getOutputStream().write("pong\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            System.out.println("local service failed: " + e);
        }
    }
}
