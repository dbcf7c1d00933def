package io.egressguard.agent.capture;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack walked on the calling thread. Frames stay raw there: a repeat folded into an earlier
 * record needs only the culprit's key, and a recorded attempt's frames become strings on the journal
 * writer ({@link EventParts}); turning 64 frames into strings is most of a capture's cost. The frames
 * hold their classes until then: the ring they wait in is bounded.
 *
 * <p>A walk that stopped at its culprit has the whole stack as a {@link Throwable} ({@link
 * #withRest}): its backtrace, taken on the caller, becomes elements on the writer. Unlike the walk
 * it keeps reflection frames ({@code Method.invoke}), as any stack trace the app prints does. For
 * a blocked attempt that Throwable is the exception thrown at the caller, read as it was thrown.
 */
final class WalkedSite extends CallSite {
    private final List<StackFrame> walked;
    private final StackFrame culprit;
    private final Throwable rest;
    /** At most this many of {@link #rest}'s frames are kept (stack.depth). */
    private final int limit;
    /**
     * {@link #rest}'s frames without the agent's, made on first use (the writer's thread). A site
     * remembered for a carrier may be recorded more than once: the same list, however many threads.
     */
    private volatile List<StackTraceElement> restFrames;

    WalkedSite(List<StackFrame> walked, StackFrame culprit, boolean culpritIsApp, CodeOrigins origins) {
        this(walked, culprit, culpritIsApp, origins, null, walked.size());
    }

    private WalkedSite(List<StackFrame> walked, StackFrame culprit, boolean culpritIsApp, CodeOrigins origins, Throwable rest, int limit) {
        super(culpritIsApp, origins);
        this.walked = walked;
        this.culprit = culprit;
        this.rest = rest;
        this.limit = limit;
    }

    /** This site, with its frames (at most {@code limit}) to be read from {@code whole} instead of the walk. */
    WalkedSite withRest(Throwable whole, int limit) {
        return new WalkedSite(walked, culprit, culpritIsApp(), origins(), whole, limit);
    }

    @Override
    int depth() {
        return rest != null ? restFrames().size() : walked.size();
    }

    @Override
    public long heldBytes() {
        long n = walked.size() * WALKED_FRAME_BYTES;
        if (rest != null) {
            List<StackTraceElement> made = restFrames;
            // the backtrace covers the whole stack; stack.depth is the usual bound of what is read from it
            n += THROWABLE_BYTES + limit * BACKTRACE_FRAME_BYTES + (made != null ? made.size() * ELEMENT_BYTES : 0);
        }
        return n;
    }

    @Override
    String frame(int i) {
        return rest != null ? FrameStrings.of(restFrames().get(i)) : walked.get(i).toStackTraceElement().toString();
    }

    private List<StackTraceElement> restFrames() {
        List<StackTraceElement> out = restFrames;
        if (out == null) {
            StackTraceElement[] trace = rest instanceof EgressBlockedException
                    ? ((EgressBlockedException) rest).recordedStackTrace() : rest.getStackTrace();
            out = new ArrayList<>(Math.min(limit, trace.length));
            for (int i = 0; i < trace.length && out.size() < limit; i++) {
                if (!StackCapture.isAgent(trace[i])) {
                    out.add(trace[i]);
                }
            }
            if (out.isEmpty()) { // a JVM that keeps no stack traces (-XX:-StackTraceInThrowable)
                out = new ArrayList<>(walked.size());
                for (StackFrame f : walked) {
                    out.add(f.toStackTraceElement());
                }
            }
            restFrames = out;
        }
        return out;
    }

    @Override
    public Culprit culprit() {
        return culprit == null ? null : culprit(culprit.toStackTraceElement().toString(), culprit.getDeclaringClass());
    }

    @Override
    public Class<?> appCulpritClass() {
        return culprit != null && culpritIsApp() ? culprit.getDeclaringClass() : null;
    }

    /**
     * Class, method and bytecode index. The index, not the line: a line number makes the JVM build
     * the frame's StackTraceElement, on the calling thread of every repeat.
     */
    @Override
    public String culpritKey() {
        return culprit == null ? "" : keyOf(culprit);
    }
}
