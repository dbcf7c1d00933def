package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
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
    private final CodeOrigins origins;
    private final boolean culpritIsApp;

    WalkedSite(List<StackFrame> frames, StackFrame culprit, boolean culpritIsApp, CodeOrigins origins) {
        this.frames = frames;
        this.culprit = culprit;
        this.culpritIsApp = culpritIsApp;
        this.origins = origins;
    }

    @Override
    public boolean culpritIsApp() {
        return culpritIsApp;
    }

    @Override
    public List<String> frames() {
        List<String> out = new ArrayList<>(frames.size());
        for (StackFrame f : frames) {
            out.add(f.toStackTraceElement().toString());
        }
        return out;
    }

    @Override
    public Culprit culprit() {
        if (culprit == null) {
            return null;
        }
        CodeOrigin origin = origins.of(culprit.getDeclaringClass());
        return new Culprit(culprit.toStackTraceElement().toString(), origin.location(), origin.gav());
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
