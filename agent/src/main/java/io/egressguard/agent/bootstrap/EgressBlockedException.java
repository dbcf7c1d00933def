package io.egressguard.agent.bootstrap;

import java.net.ConnectException;

/**
 * Thrown at the caller of a blocked connect or send. A {@link ConnectException}, so code that
 * already handles "could not connect" handles a block without change.
 *
 * <p>When the attempt is recorded, the event's stack is read from this exception's backtrace (the
 * JVM fills in one stack for both, which is most of a recorded attempt's cost on the caller). The
 * app owns the exception and may replace its trace; the trace as thrown is then kept for the record
 * first ({@link #recordedStackTrace}).
 */
public class EgressBlockedException extends ConnectException {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final String rule;
    private final String eventId;
    /** Set once constructed: the constructor's own fillInStackTrace is not the app's. */
    private final transient boolean constructed;
    /** The trace as thrown, kept when the app is about to replace it; else null. */
    private transient StackTraceElement[] asThrown;

    public EgressBlockedException(String host, int port, String rule, String eventId) {
        super(BlockMessage.of(host, port, rule));
        this.host = host;
        this.port = port;
        this.rule = rule;
        this.eventId = eventId;
        this.constructed = true;
    }

    /** The (String) constructor lets JDK code that rethrows a copy by reflection keep our type. */
    public EgressBlockedException(String message) {
        super(message);
        this.host = null;
        this.port = -1;
        this.rule = null;
        this.eventId = null;
        this.constructed = true;
    }

    /** The stack this exception was thrown with, whatever the app did to it since. */
    public synchronized StackTraceElement[] recordedStackTrace() {
        return asThrown != null ? asThrown.clone() : getStackTrace();
    }

    @Override
    public synchronized void setStackTrace(StackTraceElement[] stackTrace) {
        keepAsThrown();
        super.setStackTrace(stackTrace);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        if (constructed) {
            keepAsThrown();
        }
        return super.fillInStackTrace();
    }

    private void keepAsThrown() {
        if (asThrown == null) {
            asThrown = super.getStackTrace();
        }
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
