package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * The captured stack of an attempt and the culprit frame picked from it. Frames stay raw on the
 * calling thread: a repeat folded into an earlier record needs only the culprit's key, and a
 * recorded attempt's frames become strings on the journal writer ({@link EventParts}); turning 64
 * frames into strings is most of a capture's cost. The frames hold their classes until then: the
 * ring they wait in is bounded.
 */
public final class CallSite {
    private final List<StackFrame> frames;
    private final StackFrame culprit;
    private final CodeOrigins origins;
    private final boolean culpritIsApp;

    CallSite(List<StackFrame> frames, StackFrame culprit, boolean culpritIsApp, CodeOrigins origins) {
        this.frames = frames;
        this.culprit = culprit;
        this.culpritIsApp = culpritIsApp;
        this.origins = origins;
    }

    /**
     * False when no frame outside the JDK and the transport libraries was found: the culprit is then
     * a transport's frame (a library's worker thread), and a stack remembered where the work was
     * handed over names the caller better.
     */
    public boolean culpritIsApp() {
        return culpritIsApp;
    }

    /** The frames as {@code StackTraceElement.toString()} prints them. */
    public List<String> frames() {
        List<String> out = new ArrayList<>(frames.size());
        for (StackFrame f : frames) {
            out.add(f.toStackTraceElement().toString());
        }
        return out;
    }

    /** The culprit with its jar and Maven coordinates; null when every frame is the JDK's. */
    public Culprit culprit() {
        if (culprit == null) {
            return null;
        }
        CodeOrigin origin = origins.of(culprit.getDeclaringClass());
        return new Culprit(culprit.toStackTraceElement().toString(), origin.location(), origin.gav());
    }

    /**
     * Class, method and bytecode index of the culprit, or "": part of the key that folds repeats of
     * one attempt. The index, not the line: a line number makes the JVM build the frame's
     * StackTraceElement, on the calling thread of every repeat.
     */
    public String culpritKey() {
        return culprit == null ? "" : keyOf(culprit);
    }

    /** {@link #culpritKey} of a culprit frame, before its site is complete. */
    public static String keyOf(StackFrame culprit) {
        return new StringBuilder(96).append(culprit.getClassName()).append('.').append(culprit.getMethodName())
                .append('@').append(culprit.getByteCodeIndex()).toString();
    }
}
