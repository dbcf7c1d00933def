package io.egressguard.agent.engine;

import io.egressguard.event.Event;

/** Where recorded events go: the journal in the agent, a list in tests. */
public interface EventSink {
    /** Non-blocking; false when the event was dropped (and its {@code count} attempts counted). */
    boolean offer(Event event);

    /**
     * Counts attempts that were lost before they became an event (an error while a fold window was
     * closed), so that they are still told as dropped. A sink that keeps no count ignores them.
     */
    default void lost(long attempts) {
    }
}
