package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import java.util.List;

/**
 * The parts of a recorded attempt's event that the calling thread leaves raw: the stack frames (to
 * strings, with the culprit's jar and coordinates) and the payload's previews. The journal writer
 * fills them in when it encodes the event ({@link Event#complete}); on the caller they were over
 * half of a recorded attempt's cost (docs/BENCHMARKS.md, blocked traffic). Made once and kept, so a
 * fold window's later copy of the event gets the same values; the raw frames and bytes are let go.
 */
public final class EventParts implements Event.Deferred {
    private CallSite site;
    /** Volatile for {@link #heldBytes}, which a producer may read while the writer fills. */
    private volatile PayloadCapture payload;
    private boolean made;
    private List<String> stack;
    private Culprit culprit;

    /** @param payload null when the attempt carried none */
    public EventParts(CallSite site, PayloadCapture payload) {
        this.site = site;
        this.payload = payload;
    }

    @Override
    public long heldBytes() {
        PayloadCapture p = payload;
        return p != null ? p.heldBytes() : 0;
    }

    @Override
    public synchronized void fill(Event e) {
        if (!made) {
            made = true;
            stack = site.frames();
            culprit = site.culprit();
            if (payload != null) {
                payload.complete(); // fills the Payload object that the event and its copies share
            }
            site = null;
            payload = null;
        }
        e.stack = stack;
        e.culprit = culprit;
    }
}
