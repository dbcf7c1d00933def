package io.egressguard.agent.core;

import io.egressguard.event.Event;

/** Where recorded events go: the journal in the agent, a list in tests. */
public interface EventSink {
    /** Non-blocking; false when the event was dropped (and counted). */
    boolean offer(Event event);
}
