package io.egressguard.agent.itapps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Looks names up (and optionally connects): Lookup connect|lookup PORT HOST... */
public final class Lookup {
    public static void main(String[] args) throws Exception {
        boolean connect = args[0].equals("connect");
        int port = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            String host = args[i];
            Outcome.attempt("lookup:" + host, () -> {
                InetAddress a = InetAddress.getByName(host);
                System.out.println("resolved " + host + " to " + a.getHostAddress());
                if (connect) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 2000);
                    }
                }
            });
        }
        Thread.sleep(200);
    }
}
