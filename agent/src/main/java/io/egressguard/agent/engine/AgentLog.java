package io.egressguard.agent.engine;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The agent's only voice: one line on stderr, prefixed {@code egressguard:}, and each distinct
 * message once. The agent is silent unless something is wrong (or {@code verbose=true}).
 */
public final class AgentLog implements Consumer<String> {
    private static final String PREFIX = "egressguard: ";
    /** Distinct lines remembered (so each is said once); beyond them, new lines are not said at all. */
    static final int MAX_LINES = 256;
    private final PrintStream out;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    static final String TOO_MANY = MAX_LINES + " distinct warnings said; further ones are not printed";

    public AgentLog(PrintStream out) {
        this.out = out;
    }

    public static AgentLog stderr() {
        return new AgentLog(System.err);
    }

    public void warn(String message) {
        String line = oneLine(message);
        if (said.size() >= MAX_LINES) {
            // Bounded like every table of the agent: an error that names each destination must not grow it.
            if (said.add(TOO_MANY)) {
                out.println(PREFIX + TOO_MANY);
            }
            return;
        }
        if (said.add(line)) {
            out.println(PREFIX + line);
        }
    }

    @Override
    public void accept(String message) {
        warn(message);
    }

    private static String oneLine(String message) {
        String m = String.valueOf(message);
        if (m.startsWith(PREFIX)) {
            m = m.substring(PREFIX.length());
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
