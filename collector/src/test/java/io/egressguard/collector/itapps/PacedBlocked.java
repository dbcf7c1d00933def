package io.egressguard.collector.itapps;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Runs under the agent: {@code PacedBlocked HOST PORT COUNT PAUSE_MS}: COUNT connect attempts to a
 * destination the policy denies, PAUSE_MS apart, then exits. Paced, the attempts outlast the
 * journal's start, so most are written to its Chronicle cycle file rather than its spill file.
 */
public final class PacedBlocked {
    public static void main(String[] args) throws Exception {
        int blocked = 0;
        int other = 0;
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 2000);
                other++;
            } catch (java.io.IOException e) {
                if (e.getClass().getSimpleName().equals("EgressBlockedException")) {
                    blocked++;
                } else {
                    other++;
                }
            }
            Thread.sleep(Long.parseLong(args[3]));
        }
        System.out.println("RESULT blocked=" + blocked + " other=" + other);
    }
}
