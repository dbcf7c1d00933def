package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the agent did with an outbound attempt. */
public enum Action {
    /** Refused: the caller got an {@code EgressBlockedException}. */
    @JsonProperty("blocked") BLOCKED,
    /** A rule would have refused it, but that rule or the agent runs in monitor mode. */
    @JsonProperty("monitored") MONITORED,
    /** Let through; recorded only with {@code record=all}. */
    @JsonProperty("allowed") ALLOWED;

    /** Made once: a drain asks for it per stored event. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
