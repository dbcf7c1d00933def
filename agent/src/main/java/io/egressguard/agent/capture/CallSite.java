package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import java.util.List;

/** The captured stack of an attempt and the culprit picked from it. */
public final class CallSite {
    private final List<String> frames;
    private final Culprit culprit;

    CallSite(List<String> frames, Culprit culprit) {
        this.frames = frames;
        this.culprit = culprit;
    }

    public List<String> frames() {
        return frames;
    }

    public Culprit culprit() {
        return culprit;
    }

    /** The culprit frame, or "" when none: part of the key that folds repeats of one attempt. */
    public String culpritFrame() {
        return culprit == null || culprit.frame == null ? "" : culprit.frame;
    }
}
