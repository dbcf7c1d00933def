package io.egressguard.agent.itapps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * {@code AfterSelfTest HOST PORT NAME [set-plain]}: a first connect (which starts the agent's self-test), a
 * pause for the self-test to finish, then a lookup of NAME. Prints {@code RESULT connect=...} and
 * {@code RESULT lookup=...}.
 */
public final class AfterSelfTest {
    public static void main(String[] args) throws Exception {
        if (args.length > 3 && args[3].equals("set-plain")) {
            System.setProperty("jdk.net.usePlainSocketImpl", "true"); // before the first socket, as a dependency could
        }
        String connect;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 2000);
            connect = "ok";
        } catch (Exception e) {
            connect = Outcome.of(e);
        }
        Outcome.print("connect", connect);
        Thread.sleep(2000);
        String lookup;
        try {
            InetAddress.getByName(args[2]);
            lookup = "ok";
        } catch (Exception e) {
            lookup = Outcome.of(e);
        }
        Outcome.print("lookup", lookup);
    }
}
