package io.egressguard.agent.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Poller HOST PORT SECONDS: tries to connect every 100 ms and prints each outcome with a
 * timestamp, for the hot-reload test, which edits the policy while this runs.
 */
public final class Poller {
    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long end = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
        while (System.currentTimeMillis() < end) {
            String outcome;
            try (Socket s = new Socket()) {
                s.connect(target, 1000);
                outcome = "ok";
            } catch (Exception e) {
                outcome = Outcome.of(e);
            }
            System.out.println("POLL " + System.currentTimeMillis() + " " + outcome);
            System.out.flush();
            Thread.sleep(100);
        }
    }
}
