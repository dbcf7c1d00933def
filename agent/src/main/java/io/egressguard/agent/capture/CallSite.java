package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of an attempt and the culprit picked from it: walked on the calling thread
 * ({@link WalkedSite}), or, for a caller that waits while a worker connects for it, read from that
 * thread ({@link TracedSite}).
 */
public abstract class CallSite {
    private final boolean culpritIsApp;
    private final CodeOrigins origins;

    CallSite(boolean culpritIsApp, CodeOrigins origins) {
        this.culpritIsApp = culpritIsApp;
        this.origins = origins;
    }

    /**
     * False when no frame outside the JDK and the transport libraries was found: the culprit is then
     * a transport's frame (a library's worker thread), and a stack remembered where the work was
     * handed over names the caller better.
     */
    public final boolean culpritIsApp() {
        return culpritIsApp;
    }

    final CodeOrigins origins() {
        return origins;
    }

    /** The frames as {@code StackTraceElement.toString()} prints them. */
    public final List<String> frames() {
        int n = depth();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(frame(i));
        }
        return out;
    }

    /** The culprit with its jar and Maven coordinates; null when every frame is the JDK's. */
    public abstract Culprit culprit();

    /**
     * The culprit's class when it is app code (not the JDK's, the agent's or a transport's), else
     * null (a worker's stack, or a traced frame whose class could not be named): what a policy's
     * from-rules are decided by.
     */
    public abstract Class<?> appCulpritClass();

    /** Identifies the culprit's call, or "": part of the key that folds repeats of one attempt. */
    public abstract String culpritKey();

    abstract int depth();

    /**
     * Roughly the heap this site holds until its frames are printed: by its number of frames, raw
     * (a walked StackFrame with its MemberName, a backtrace slot, a StackTraceElement) or printed.
     * What the ring and the agent's tables bill for an event's stack (Event#heldBytes).
     */
    public abstract long heldBytes();

    /** A walked frame: StackFrameInfo and its MemberName (ResolvedMethodName is shared per method). */
    static final long WALKED_FRAME_BYTES = 112;
    /** A frame as a StackTraceElement (its strings are the class's, mostly shared). */
    static final long ELEMENT_BYTES = 96;
    /**
     * A frame in a Throwable's backtrace (method, bci, mirror and name slots, in chunks of 32), and
     * the Throwable itself: measured with HeldBytesTest (a refused attempt 20 frames below a test's
     * stack held ~3.5 KB in all), since the backtrace's depth is not known without reading it.
     */
    static final long BACKTRACE_FRAME_BYTES = 32;
    /** A Throwable (the exception a blocked caller got, kept for its backtrace): object, message, fields, suppressed list. */
    static final long THROWABLE_BYTES = 512;

    /** Frame {@code i}, printed. */
    abstract String frame(int i);

    /** A culprit printed as {@code frame}, from {@code type}'s jar (null: unknown). */
    final Culprit culprit(String frame, Class<?> type) {
        return (type != null ? origins.of(type) : CodeOrigin.UNKNOWN).culprit(frame);
    }

    /** {@link #culpritKey} of a walked culprit frame, before its site is complete. */
    public static String keyOf(StackFrame culprit) {
        return new StringBuilder(96).append(culprit.getClassName()).append('.').append(culprit.getMethodName())
                .append('@').append(culprit.getByteCodeIndex()).toString();
    }
}
