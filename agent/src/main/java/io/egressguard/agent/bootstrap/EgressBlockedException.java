package io.egressguard.agent.bootstrap;

import java.net.ConnectException;

/**
 * Thrown at the caller of a blocked connect or send. A {@link ConnectException}, so code that
 * already handles "could not connect" handles a block without change.
 */
public class EgressBlockedException extends ConnectException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final String rule;
    private final String eventId;

    public EgressBlockedException(String host, int port, String rule, String eventId) {
        super(BlockMessage.of(host, port, rule));
        this.host = host;
        this.port = port;
        this.rule = rule;
        this.eventId = eventId;
    }

    /** The (String) constructor lets JDK code that rethrows a copy by reflection keep our type. */
    public EgressBlockedException(String message) {
        super(message);
        this.host = null;
        this.port = -1;
        this.rule = null;
        this.eventId = null;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String rule() {
        return rule;
    }

    /** The id of the journaled event, to find it with {@code egressguard show ID}. */
    public String eventId() {
        return eventId;
    }
}
