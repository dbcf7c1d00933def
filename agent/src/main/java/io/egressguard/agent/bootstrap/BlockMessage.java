package io.egressguard.agent.bootstrap;

/** The one message format of a block: {@code egressguard blocked HOST:PORT (rule RULE)}. */
public final class BlockMessage {
    private BlockMessage() {
    }

    public static String of(String host, int port, String rule) {
        // StringBuilder rather than '+': this runs inside java.base hooks, where indy string
        // concatenation could recurse into class initialisation.
        StringBuilder sb = new StringBuilder(64).append("egressguard blocked ").append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        return sb.append(" (rule ").append(rule).append(')').toString();
    }
}
