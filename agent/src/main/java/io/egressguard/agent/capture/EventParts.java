package io.egressguard.agent.capture;

import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import java.util.List;

/**
 * The parts of a recorded attempt's event that the calling thread leaves raw: the stack frames (to
 * strings, with the culprit's jar and coordinates) and the payload's previews. The journal writer
 * fills them in when it encodes the event ({@link Event#complete}); on the caller they would be over
 * half of a recorded attempt's cost (docs/benchmarks/history.md, "Blocked HTTP calls"). Made once and kept, so a
 * fold window's later copy of the event gets the same values; the raw frames and bytes are let go.
 */
public final class EventParts implements Event.Deferred {
    /** Volatile for {@link #heldBytes}, which a producer may read while the writer fills. */
    private volatile CallSite site;
    /** The site's culprit key, once asked for (an overflow table keys by it) or filled. */
    private String siteKey;
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
        CallSite s = site;
        return (p != null ? p.heldBytes() : 0) + (s != null ? s.heldBytes() : 0);
    }

    @Override
    public synchronized String siteKey() {
        if (siteKey == null && site != null) {
            siteKey = site.culpritKey();
        }
        return siteKey;
    }

    @Override
    public synchronized void fill(Event e) {
        if (!made) {
            made = true;
            CallSite site = this.site;
            if (siteKey == null) {
                siteKey = site.culpritKey(); // a later copy of the event may still be keyed by it
            }
            stack = site.frames();
            culprit = site.culprit();
            if (payload != null) {
                payload.complete(); // fills the Payload object that the event and its copies share
            }
            this.site = null;
            payload = null;
        }
        e.stack = stack;
        e.culprit = culprit;
    }
}
