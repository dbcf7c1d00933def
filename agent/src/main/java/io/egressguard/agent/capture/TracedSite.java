package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack read from another thread ({@link Thread#getStackTrace}): a caller that waits while a
 * library's worker connects for it. The culprit's class is known only when its loader could be
 * named without loading anything new ({@link StackCapture#traceOf}); otherwise the culprit has its
 * frame but no jar.
 */
final class TracedSite extends CallSite {
    private final List<StackTraceElement> frames;
    private final StackTraceElement culprit;
    private final Class<?> culpritClass;
    private final boolean culpritIsApp;
    private final CodeOrigins origins;

    TracedSite(List<StackTraceElement> frames, StackTraceElement culprit, Class<?> culpritClass, boolean culpritIsApp, CodeOrigins origins) {
        this.frames = frames;
        this.culprit = culprit;
        this.culpritClass = culpritClass;
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
        for (StackTraceElement e : frames) {
            out.add(e.toString());
        }
        return out;
    }

    @Override
    public Culprit culprit() {
        if (culprit == null) {
            return null;
        }
        CodeOrigin origin = culpritClass != null ? origins.of(culpritClass) : CodeOrigin.UNKNOWN;
        return new Culprit(culprit.toString(), origin.location(), origin.gav());
    }

    /** Class, method and line: a trace has no bytecode index. */
    @Override
    public String culpritKey() {
        return culprit == null ? "" : culprit.getClassName() + '.' + culprit.getMethodName() + ':' + culprit.getLineNumber();
    }
}
