package io.egressguard.agent.engine;

import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.policy.Verdict;
import java.net.InetAddress;

/**
 * Whether a hand-off to another thread (OkHttp's enqueue, Netty's connect) must keep the caller's
 * stack. The capture costs 5-7 µs per call, and the stack is only ever used by a record: a call
 * that is sure to be allowed leaves none unless record=all. "Sure" only when the destination's
 * decision is already known on the caller's thread, without a lookup: an address, an IP literal,
 * or a name a name rule decides. Otherwise (a name whose decision depends on its address) capture.
 * A policy reloaded between the hand-off and the connect may then record without the caller's
 * stack (the worker's is used): rare, and the cost of the alternative is on every call.
 */
public final class CallerStackNeed {
    private CallerStackNeed() {
    }

    /**
     * @param host    the destination's host name or IP literal, or null when unknown
     * @param address its address when already resolved, else null
     */
    static boolean needed(Policy policy, String host, InetAddress address, int port, boolean recordsAllowed) {
        return needed(policy, host, address, port, recordsAllowed, null);
    }

    /**
     * {@code caller}: this thread, under a policy with from-rules (else null). When a from-rule
     * decides the destination, the thread that connects must know who called: always kept.
     */
    static boolean needed(Policy policy, String host, InetAddress address, int port, boolean recordsAllowed, DecidingCaller caller) {
        if (recordsAllowed) {
            return true; // every attempt is recorded
        }
        Decision d;
        if (address != null) {
            d = policy.decide(host != null ? host : Destinations.hostOf(address), address, port, caller);
        } else if (host == null || host.isEmpty()) {
            return true;
        } else if (Destinations.isIpLiteral(host)) {
            d = policy.decide(host, null, port, caller);
        } else {
            d = policy.decideByName(host, port, caller); // null: decided only once resolved
        }
        return d == null || d.verdict() != Verdict.ALLOW || (caller != null && caller.asked());
    }
}
