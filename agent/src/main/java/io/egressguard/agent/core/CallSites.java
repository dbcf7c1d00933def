package io.egressguard.agent.core;

import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.StackCapture;
import java.lang.StackWalker.StackFrame;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The stack of the code that handed a request to another thread (an enqueued OkHttp call, a Netty
 * channel that resolves and connects on its event loop), kept with the object that carries the
 * request. The worker's own stack names only the library; the record shows this one instead. Weak
 * keys: a finished call or closed channel leaves with its stack.
 */
final class CallSites {
    /** A {@link CallSite}, or a {@link Waiter} whose stack is read if a record needs it. */
    private static final String JETTY_PACKAGE = "org.eclipse.jetty.";
    private static final String JETTY_REQUEST = "org.eclipse.jetty.client.transport.HttpRequest";
    private static final String JETTY_SEND = "send";
    /**
     * Carriers kept at most. Weak keys let a finished call go, but an app that keeps many calls
     * alive (queued, say) would keep a stack with each, many times the call's own size: beyond this
     * the map is emptied, and a carrier without a stack is recorded with its worker's.
     */
    static final int MAX_CARRIERS = 4096;
    private final Map<Object, Object> byCarrier = Collections.synchronizedMap(new WeakHashMap<Object, Object>());
    private final StackCapture stacks;
    /**
     * What a library's worker last took up on this thread (Reactor Netty's connector: the channel;
     * Vert.x's connect: the request's promise; Jetty's resolver task: the resolve's promise).
     */
    private final ThreadLocal<WeakReference<Object>> resumed = new ThreadLocal<>();

    CallSites(StackCapture stacks) {
        this.stacks = stacks;
    }

    /**
     * Captures this thread's stack for {@code carrier}. Raw frames only (5-7 µs): they become strings
     * only if the attempt is recorded.
     */
    void remember(Object carrier) {
        keep(carrier, stacks.capture());
    }

    private void keep(Object carrier, Object site) {
        if (byCarrier.size() >= MAX_CARRIERS) {
            byCarrier.clear();
        }
        byCarrier.put(carrier, site);
    }

    /** A worker takes up the work handed over with {@code carrier}. */
    void resume(Object carrier) {
        resumed.set(new WeakReference<>(carrier));
    }

    /**
     * This thread's stack; when it names no code but the JDK's and transports' (a library's worker),
     * the stack remembered for the work it is nested in, if any.
     */
    CallSite here() {
        return here(null);
    }

    /**
     * {@link #here()}, with {@code enough} asked about an app culprit as soon as the walk finds it
     * ({@link StackCapture#capture(Predicate)}).
     */
    CallSite here(Predicate<StackFrame> enough) {
        return here(enough, Throwable::new);
    }

    /** {@link #here(Predicate)}, the backtrace made by {@code backtrace} ({@link StackCapture#capture(Predicate, Supplier)}). */
    CallSite here(Predicate<StackFrame> enough, Supplier<? extends Throwable> backtrace) {
        CallSite site = stacks.capture(enough, backtrace);
        if (!site.culpritIsApp()) {
            CallSite handed = handedOver();
            if (handed != null) {
                return handed;
            }
        }
        return site;
    }

    /**
     * The stack remembered for the work this thread resumed, or null. The thread-local outlives the
     * task (there is no exit hook): the stack must still pass through the method that resumed it.
     */
    private CallSite handedOver() {
        WeakReference<Object> ref = resumed.get();
        Object carrier = ref == null ? null : ref.get();
        if (carrier == null) {
            return null;
        }
        String n = carrier.getClass().getName();
        boolean found;
        if (n.startsWith("io.vertx.")) {
            found = stacks.onStack("io.vertx.core.net.impl.NetClientImpl", "connectInternal2");
        } else if (n.startsWith(JETTY_PACKAGE)) {
            found = stacks.onStack("org.eclipse.jetty.util.SocketAddressResolver$Async", "resolve");
        } else {
            found = stacks.onStack("reactor.netty.transport.TransportConnector", "doResolveAndConnect");
        }
        CallSite made = found ? of(carrier) : null;
        return made != null && made.culpritIsApp() ? made : null;
    }

    /** This thread's stack, for a carrier kept elsewhere. */
    CallSite captureHere() {
        return stacks.capture();
    }

    /**
     * The stack of {@code thread}, a caller still inside {@code className.method} while a worker
     * connects for it, or null when it has left that method.
     */
    CallSite ofWaiting(Thread thread, String className, String method) {
        return stacks.traceOf(thread, className, method);
    }

    /**
     * Instead of this thread's stack, this thread itself, which will wait in its library's blocking
     * call (Jetty's {@code HttpRequest.send}, 12.0 and 12.1) while a worker connects for
     * {@code carrier}: its stack is read then, and only for a record ({@link #of}). False, and
     * nothing kept, for a carrier of a library without such a call.
     */
    boolean rememberWaiter(Object carrier) {
        if (!carrier.getClass().getName().startsWith(JETTY_PACKAGE)) {
            return false;
        }
        keep(carrier, new Waiter(Thread.currentThread(), JETTY_REQUEST, JETTY_SEND));
        return true;
    }

    /** Keeps a stack captured elsewhere (the code that handed the work over) for {@code carrier}. */
    void put(Object carrier, CallSite site) {
        keep(carrier, site);
    }

    /** The remembered stack, or null: the attempt runs on the caller's thread, or was made before the agent was ready. */
    CallSite of(Object carrier) {
        Object kept = byCarrier.get(carrier);
        if (kept instanceof Waiter) {
            Waiter w = (Waiter) kept;
            return stacks.traceOf(w.thread, w.className, w.method); // null when it no longer waits there
        }
        return (CallSite) kept;
    }

    /** A thread that waits in a blocking call while a worker connects for it. */
    private static final class Waiter {
        final Thread thread;
        final String className;
        final String method;

        Waiter(Thread thread, String className, String method) {
            this.thread = thread;
            this.className = className;
            this.method = method;
        }
    }
}
