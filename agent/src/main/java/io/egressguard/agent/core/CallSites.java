package io.egressguard.agent.core;

import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.StackCapture;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The stack of the code that handed a request to another thread (an enqueued OkHttp call, a Netty
 * channel that resolves and connects on its event loop), kept with the object that carries the
 * request. The worker's own stack names only the library; the record shows this one instead. Weak
 * keys: a finished call or closed channel leaves with its stack.
 */
final class CallSites {
    private final Map<Object, CallSite> byCarrier = Collections.synchronizedMap(new WeakHashMap<Object, CallSite>());
    private final StackCapture stacks;

    CallSites(StackCapture stacks) {
        this.stacks = stacks;
    }

    /**
     * Captures this thread's stack for {@code carrier}. Raw frames only (5-7 µs): they become strings
     * only if the attempt is recorded.
     */
    void remember(Object carrier) {
        byCarrier.put(carrier, stacks.capture());
    }

    /** This thread's stack, for a carrier kept elsewhere. */
    CallSite captureHere() {
        return stacks.capture();
    }

    /** Keeps a stack captured elsewhere (the code that handed the work over) for {@code carrier}. */
    void put(Object carrier, CallSite site) {
        byCarrier.put(carrier, site);
    }

    /** The remembered stack, or null: the attempt runs on the caller's thread, or was made before the agent was ready. */
    CallSite of(Object carrier) {
        return byCarrier.get(carrier);
    }
}
