package io.egressguard.agent.itapps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * An app that uses this machine first thing, while the agent is still starting: LocalAtStart
 * OWN_HOST_NAME DENIED_NAME CANARY_PORT. Prints RESULT and, per attempt, {@code MILLIS name=ms}.
 */
public final class LocalAtStart {
    public static void main(String[] args) throws Exception {
        String own = args[0];
        String denied = args[1];
        int canaryPort = Integer.parseInt(args[2]);
        timed("lookup:127.0.0.1", () -> InetAddress.getByName("127.0.0.1"));
        timed("lookup:localhost", () -> InetAddress.getByName("localhost"));
        timed("lookup:own", () -> InetAddress.getByName(own));
        try (ServerSocket server = new ServerSocket()) {
            timed("bind:localhost", () -> server.bind(new InetSocketAddress("localhost", 0)));
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        server.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int port = server.getLocalPort();
            timed("connect:127.0.0.1", () -> new Socket("127.0.0.1", port).close());
            timed("connect:localhost", () -> new Socket("localhost", port).close());
            timed("connect:own", () -> new Socket(InetAddress.getByName(own), port).close());
        }
        timed("lookup:denied", () -> {
            InetAddress a = InetAddress.getByName(denied);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a, canaryPort), 2000);
            }
        });
    }

    private static void timed(String name, Outcome.Attempt a) {
        long t0 = System.nanoTime();
        Outcome.attempt(name, a);
        System.out.println("MILLIS " + name + "=" + (System.nanoTime() - t0) / 1_000_000);
    }
}
