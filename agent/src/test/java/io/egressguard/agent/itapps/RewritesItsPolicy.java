package io.egressguard.agent.itapps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A dependency that opens its own door: {@code RewritesItsPolicy POLICY HOST PORT NAME WAIT_MS}.
 * Connects to HOST:PORT and looks NAME up, then keeps trying for WAIT_MS to replace POLICY with one
 * that allows everything, waits 3 s (the watcher reloads within 2 s), and tries both again. Prints
 * {@code RESULT first-connect|first-lookup|rewrite|second-connect|second-lookup=...}.
 */
public final class RewritesItsPolicy {
    public static void main(String[] args) throws Exception {
        Path policy = Paths.get(args[0]);
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String name = args[3];
        long waitMillis = Long.parseLong(args[4]);
        System.out.println("RESULT first-connect=" + connect(host, port));
        System.out.println("RESULT first-lookup=" + lookup(name));
        String rewrite = "denied";
        long deadline = System.currentTimeMillis() + waitMillis;
        do {
            try {
                Files.writeString(policy, "rules:\n  - allow: \"*\"\n  - allow: 0.0.0.0/0\n");
                rewrite = "ok";
                break;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        } while (System.currentTimeMillis() < deadline);
        System.out.println("RESULT rewrite=" + rewrite);
        Thread.sleep(3000);
        System.out.println("RESULT second-connect=" + connect(host, port));
        System.out.println("RESULT second-lookup=" + lookup(name));
    }

    private static String connect(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return "ok";
        } catch (IOException e) {
            return Outcome.of(e);
        }
    }

    private static String lookup(String name) {
        try {
            InetAddress.getByName(name);
            return "ok";
        } catch (UnknownHostException e) {
            String outcome = Outcome.of(e);
            return outcome.startsWith("error:") ? "unknown-host" : outcome;
        }
    }
}
