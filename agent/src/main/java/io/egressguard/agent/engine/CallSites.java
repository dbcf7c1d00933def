package io.egressguard.agent.engine;

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
public final class CallSites {
    /**
     * Carriers kept at most. Weak keys let a finished call go, but an app that keeps many calls
     * alive (queued, say) would keep a stack with each, many times the call's own size: beyond this
     * the map is emptied, and a carrier without a stack is recorded with its worker's.
     */
    static final int MAX_CARRIERS = 4096;
    /** A {@link CallSite}, or a {@link Waiter} whose stack is read if a record needs it. */
    private final Map<Object, Object> byCarrier = Collections.synchronizedMap(new WeakHashMap<Object, Object>());
    private final StackCapture stacks;
    /** What a library's worker last took up on this thread, and in which method. */
    private final ThreadLocal<Resumed> resumed = new ThreadLocal<>();

    CallSites(StackCapture stacks) {
        this.stacks = stacks;
    }

    /**
     * Captures this thread's stack for {@code carrier}. Raw frames only (5-7 µs): they become strings
     * only if the attempt is recorded.
     */
    public void remember(Object carrier) {
        keep(carrier, stacks.capture());
    }

    private void keep(Object carrier, Object site) {
        if (byCarrier.size() >= MAX_CARRIERS) {
            byCarrier.clear();
        }
        byCarrier.put(carrier, site);
    }

    /** A worker takes up the work handed over with {@code carrier}, in {@code className.method}. */
    public void resume(Object carrier, String className, String method) {
        resumed.set(new Resumed(carrier, className, method));
    }

    /**
     * This thread's stack; when it names no code but the JDK's and transports' (a library's worker),
     * the stack remembered for the work it is nested in, if any.
     */
    public CallSite here() {
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
    CallSite handedOver() {
        Resumed r = resumed.get();
        Object carrier = r == null ? null : r.carrier.get();
        if (carrier == null || !stacks.onStack(r.className, r.method)) {
            return null;
        }
        CallSite made = of(carrier);
        return made != null && made.culpritIsApp() ? made : null;
    }

    /** This thread's stack, for a carrier kept elsewhere. */
    public CallSite captureHere() {
        return stacks.capture();
    }

    /**
     * The stack of {@code thread}, a caller still inside {@code className.method} while a worker
     * connects for it, or null when it has left that method.
     */
    CallSite ofWaiting(Thread thread, WaitPoint in) {
        return stacks.traceOf(thread, in.className, in.method);
    }

    /**
     * Instead of this thread's stack, this thread itself, which will wait in {@code waitsIn} while a
     * worker connects for {@code carrier}: its stack is read then, and only for a record ({@link #of}).
     */
    void rememberWaiter(Object carrier, WaitPoint waitsIn) {
        keep(carrier, new Waiter(Thread.currentThread(), waitsIn));
    }

    /** Keeps a stack captured elsewhere (the code that handed the work over) for {@code carrier}. */
    public void put(Object carrier, CallSite site) {
        keep(carrier, site);
    }

    /** The remembered stack, or null: the attempt runs on the caller's thread, or was made before the agent was ready. */
    public CallSite of(Object carrier) {
        Object kept = byCarrier.get(carrier);
        if (kept instanceof Waiter) {
            Waiter w = (Waiter) kept;
            return ofWaiting(w.thread, w.in); // null when it no longer waits there
        }
        return (CallSite) kept;
    }

    /** A thread that waits in a blocking call while a worker connects for it. */
    private static final class Waiter {
        final Thread thread;
        final WaitPoint in;

        Waiter(Thread thread, WaitPoint in) {
            this.thread = thread;
            this.in = in;
        }
    }

    /**
     * Work a worker took up. The thread-local outlives the task (there is no exit hook): the stack
     * must still pass through the method that resumed it for the work to count.
     */
    private static final class Resumed {
        final WeakReference<Object> carrier;
        final String className;
        final String method;

        Resumed(Object carrier, String className, String method) {
            this.carrier = new WeakReference<>(carrier);
            this.className = className;
            this.method = method;
        }
    }
}
