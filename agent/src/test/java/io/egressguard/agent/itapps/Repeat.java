package io.egressguard.agent.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;

/** Repeat HOST PORT TIMES [PAUSE_MS]: the same connect attempt in a loop, counting outcomes. */
public final class Repeat {
    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int times = Integer.parseInt(args[2]);
        long pause = args.length > 3 ? Long.parseLong(args[3]) : 0;
        int blocked = 0;
        int ok = 0;
        for (int i = 0; i < times; i++) {
            try (Socket s = new Socket()) {
                s.connect(target, 2000);
                ok++;
            } catch (Exception e) {
                if (Outcome.of(e).equals("blocked")) {
                    blocked++;
                }
            }
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
        Outcome.print("blocked", String.valueOf(blocked));
        Outcome.print("ok", String.valueOf(ok));
    }
}
