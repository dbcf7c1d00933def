package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.List;

/**
 * The stack of an attempt and the culprit picked from it: walked on the calling thread
 * ({@link WalkedSite}), or, for a caller that waits while a worker connects for it, read from that
 * thread ({@link TracedSite}).
 */
public abstract class CallSite {
    CallSite() {
    }

    /**
     * False when no frame outside the JDK and the transport libraries was found: the culprit is then
     * a transport's frame (a library's worker thread), and a stack remembered where the work was
     * handed over names the caller better.
     */
    public abstract boolean culpritIsApp();

    /** The frames as {@code StackTraceElement.toString()} prints them. */
    public abstract List<String> frames();

    /** The culprit with its jar and Maven coordinates; null when every frame is the JDK's. */
    public abstract Culprit culprit();

    /** Identifies the culprit's call, or "": part of the key that folds repeats of one attempt. */
    public abstract String culpritKey();

    /** {@link #culpritKey} of a walked culprit frame, before its site is complete. */
    public static String keyOf(StackFrame culprit) {
        return new StringBuilder(96).append(culprit.getClassName()).append('.').append(culprit.getMethodName())
                .append('@').append(culprit.getByteCodeIndex()).toString();
    }
}
