package io.egressguard.agent.engine;

import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.event.Api;

/**
 * How one HTTP client library's request object reads (in the library's instrumentation folder):
 * {@link HttpAttempts} decides and records any client's requests through this.
 */
public interface HttpRequests {
    /** The API records of this client carry. */
    Api api();

    /** The URL's host and port (cheap: read for every request, allowed ones included). */
    HttpCall target(Object request) throws Throwable;

    /** The request's method: with the URL, what tells repeats of one request apart. */
    String method(Object request) throws Throwable;

    /** The method, headers and as much of the body as the previews need, into {@code into}; only for a recorded attempt. */
    void readRequest(Object request, HttpCall into) throws Throwable;

    /**
     * True when the client connects on a thread of its own (the JDK HttpClient's executor): a
     * request that waits for its address then keeps its caller's stack, since the connect's
     * thread names no app code.
     */
    default boolean connectsElsewhere() {
        return false;
    }
}
