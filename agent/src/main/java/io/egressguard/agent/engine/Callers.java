package io.egressguard.agent.engine;

import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.policy.Dependency;
import io.egressguard.policy.Policy;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who makes an attempt, for a policy's from-rules: the dependency of the attempt's culprit, the
 * same frame a record names (the nearest one outside the JDK, the agent and the transport
 * libraries). Found in this order:
 * <ol>
 * <li>the stack kept where the caller handed the request to a library's thread (an enqueued OkHttp
 *     call, a Netty channel), when the hook passes the object it was kept with;</li>
 * <li>this thread's stack, when it holds app code;</li>
 * <li>the stack remembered for the work this worker resumed (Reactor Netty, Vert.x, Jetty);</li>
 * <li>for a worker that names no app code at all (HttpClient's executor, OkHttp 5's connect
 *     threads, a Netty event loop's socket connect), the caller of the latest request to the same
 *     destination that an API hook let through after asking who called: that hook decided the
 *     request on the caller's thread, and the lookup and connect the library then makes on its own
 *     threads are the same attempt.</li>
 * </ol>
 * Without from-rules nothing here runs: {@link #of} returns null and the policy never asks.
 */
public final class Callers {
    /** How long a let-through request's caller stands for its destination's lookups and connects on other threads. */
    static final long REMEMBER_NANOS = 10_000_000_000L;
    private static final int MAX_REMEMBERED = 4096;
    /** A request made by app code without coordinates: remembered, so a worker does not take an older caller's. */
    private static final Dependency NONE = Dependency.of("-", "-");

    private final StackCapture stacks;
    private final CodeOrigins origins;
    private final CallSites callSites;
    private final Map<String, Remembered> latest = new ConcurrentHashMap<>();

    Callers(StackCapture stacks, CallSites callSites) {
        this.stacks = stacks;
        this.origins = stacks.origins();
        this.callSites = callSites;
    }

    /**
     * The caller to decide an attempt to {@code host}/{@code address} with, or null when the policy
     * has no from-rules (nothing to ask). {@code carrier}: where a hand-over kept the caller's stack, or null.
     */
    public DecidingCaller of(Policy p, Object carrier, String host, InetAddress address) {
        return p.hasFromRules() ? new DecidingCaller(this, carrier, host, address) : null;
    }

    /**
     * An API hook let a request through after asking who called ({@code caller} may be null, or
     * not asked: then nothing is kept): its library's lookup and connect on other threads are
     * decided for that caller.
     */
    public void letThrough(DecidingCaller caller) {
        if (caller == null || !caller.asked()) {
            return;
        }
        String destination = caller.destination();
        if (destination == null) {
            return;
        }
        if (latest.size() >= MAX_REMEMBERED) {
            latest.clear();
        }
        Dependency d = caller.dependency();
        latest.put(destination.toLowerCase(Locale.ROOT), new Remembered(d != null ? d : NONE, System.nanoTime()));
    }

    Dependency find(Object carrier, String destination) {
        Class<?> culprit = null;
        CallSite kept = carrier != null ? callSites.of(carrier) : null;
        if (kept != null) {
            culprit = kept.appCulpritClass();
        }
        if (culprit == null) {
            culprit = stacks.appCulpritClass();
        }
        if (culprit == null) {
            CallSite resumed = callSites.handedOver();
            culprit = resumed != null ? resumed.appCulpritClass() : null;
        }
        if (culprit != null) {
            return origins.dependencyOf(culprit);
        }
        Remembered r = destination != null ? latest.get(destination.toLowerCase(Locale.ROOT)) : null;
        if (r == null || System.nanoTime() - r.at >= REMEMBER_NANOS) {
            return null;
        }
        return r.dependency == NONE ? null : r.dependency;
    }

    private static final class Remembered {
        final Dependency dependency;
        final long at;

        Remembered(Dependency dependency, long at) {
            this.dependency = dependency;
            this.at = at;
        }
    }
}
