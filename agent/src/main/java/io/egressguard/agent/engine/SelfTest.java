package io.egressguard.agent.engine;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proves, once, that the hooks are really in place: a lookup of a reserved name and a connect to a
 * reserved loopback address, made on a thread of its own through the JDK's public API, must both
 * come back refused by the agent. Only that thread's probes are refused without a policy or a
 * record; anyone else's calls to the same name or address are decided as usual. It runs as the
 * agent activates, which is when the app first loads a class of the network stack: an app that
 * never uses the network loads no network class because of it. If a probe is not refused, a hook
 * is missing or was undone: one line says which, and in enforce mode the agent fails closed.
 */
public final class SelfTest {
    static final String NAME = "egressguard-selftest.invalid";
    /** 127.86.71.84 ("VGT"): loopback, so a probe that escapes reaches nothing beyond this host. */
    static final byte[] ADDRESS = {127, 86, 71, 84};
    static final int PORT = 9;
    static final String RULE = "self-test";

    private final AtomicBoolean started = new AtomicBoolean();
    private final Result result;
    private volatile Thread prober;

    /** What the agent does with the outcome. */
    public interface Result {
        /** @param problem null when both probes were refused */
        void done(String problem);
    }

    public SelfTest(Result result) {
        this.result = result;
    }

    /** Starts the probes on a thread of their own, once. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    result.done(probe());
                }
            }, "egressguard-selftest");
            t.setDaemon(true);
            prober = t;
            t.start();
        }
    }

    /** The refusal of the self-test's own connect, or null for every other connect. */
    IOException refuses(InetAddress address, int port) {
        if (Thread.currentThread() == prober && port == PORT && address != null && Arrays.equals(address.getAddress(), ADDRESS)) {
            return new EgressBlockedException(address.getHostAddress(), port, RULE, null);
        }
        return null;
    }

    /** The refusal of the self-test's own lookup, or null for every other lookup. */
    EgressBlockedLookupException refuses(String host) {
        if (Thread.currentThread() == prober && NAME.equalsIgnoreCase(host)) {
            return new EgressBlockedLookupException(host, RULE, null);
        }
        return null;
    }

    /** Both probes; the problem in one phrase, or null when the hooks refused both. */
    static String probe() {
        String lookup = lookupProbe();
        String connect = connectProbe();
        if (lookup == null) {
            return connect;
        }
        return connect == null ? lookup : lookup + "; " + connect;
    }

    private static String lookupProbe() {
        try {
            InetAddress.getByName(NAME);
            return "a lookup of " + NAME + " was answered: the DNS hook is not in place";
        } catch (EgressBlockedLookupException refused) {
            return null;
        } catch (UnknownHostException e) {
            return "a lookup of " + NAME + " reached the resolver: the DNS hook is not in place";
        } catch (RuntimeException e) {
            return "a lookup of " + NAME + " failed with " + e;
        }
    }

    private static String connectProbe() {
        String target = "127.86.71.84:" + PORT;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByAddress(ADDRESS), PORT), 1000);
            return "a connect to " + target + " succeeded: the socket hook is not in place";
        } catch (EgressBlockedException refused) {
            return null;
        } catch (IOException | RuntimeException e) {
            return "a connect to " + target + " reached the network stack (" + e.getClass().getSimpleName()
                    + "): the socket hook is not in place";
        }
    }
}
