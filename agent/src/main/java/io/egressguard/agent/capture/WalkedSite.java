package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.List;

/**
 * A stack walked on the calling thread. Frames stay raw there: a repeat folded into an earlier
 * record needs only the culprit's key, and a recorded attempt's frames become strings on the journal
 * writer ({@link EventParts}); turning 64 frames into strings is most of a capture's cost. The frames
 * hold their classes until then: the ring they wait in is bounded.
 */
final class WalkedSite extends CallSite {
    private final List<StackFrame> frames;
    private final StackFrame culprit;

    WalkedSite(List<StackFrame> frames, StackFrame culprit, boolean culpritIsApp, CodeOrigins origins) {
        super(culpritIsApp, origins);
        this.frames = frames;
        this.culprit = culprit;
    }

    @Override
    int depth() {
        return frames.size();
    }

    @Override
    String frame(int i) {
        return frames.get(i).toStackTraceElement().toString();
    }

    @Override
    public Culprit culprit() {
        return culprit == null ? null : culprit(culprit.toStackTraceElement().toString(), culprit.getDeclaringClass());
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
