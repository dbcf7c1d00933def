package io.egressguard.agent.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Poller HOST PORT SECONDS [http]: tries to connect every 100 ms and prints each outcome with a
 * timestamp, for the hot-reload test, which edits the policy while this runs. With {@code http} each
 * try is an HttpURLConnection connect to the same URL from the same thread, the case where the
 * agent's HTTP hooks reuse the thread's last decision: a reload must still take effect.
 */
public final class Poller {
    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long end = System.currentTimeMillis() + Long.parseLong(args[2]) * 1000;
        while (System.currentTimeMillis() < end) {
            String outcome;
            try {
                if (args.length > 3 && args[3].equals("http")) {
                    java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                            new java.net.URL("http://" + args[0] + ":" + args[1] + "/poll").openConnection();
                    c.setConnectTimeout(1000);
                    c.connect();
                    c.disconnect();
                } else {
                    try (Socket s = new Socket()) {
                        s.connect(target, 1000);
                    }
                }
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
