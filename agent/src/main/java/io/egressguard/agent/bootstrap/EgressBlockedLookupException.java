package io.egressguard.agent.bootstrap;

import java.net.UnknownHostException;

/**
 * Thrown when a host name is refused before any DNS query leaves. An {@link UnknownHostException},
 * which is what callers of a name lookup already handle.
 */
public class EgressBlockedLookupException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final String rule;
    private final String eventId;

    public EgressBlockedLookupException(String host, String rule, String eventId) {
        super(BlockMessage.of(host, -1, rule));
        this.host = host;
        this.rule = rule;
        this.eventId = eventId;
    }

    public EgressBlockedLookupException(String message) {
        super(message);
        this.host = null;
        this.rule = null;
        this.eventId = null;
    }

    public String host() {
        return host;
    }

    public String rule() {
        return rule;
    }

    public String eventId() {
        return eventId;
    }
}
