package io.egressguard.agent.instrumentation.urlconnection;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.HttpRequests;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.event.Api;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * HttpURLConnection's requests: decided when the connection connects, and refused the same way
 * again when the app calls on a connection already refused (connect() then getInputStream, say):
 * one attempt, one record.
 */
final class UrlConnectionRequests implements HttpRequests, Advice.Request {
    private final Engine engine;
    /**
     * Refused connections (weakly, by identity: URLConnection keeps Object's equals), each with
     * what its refusal said. Not the exception itself: a weak map's values live until the GC after
     * their key's, and an exception's backtrace would keep 5-20 KB per refused attempt alive that long.
     */
    private final Map<Object, Refusal> refused = Collections.synchronizedMap(new WeakHashMap<Object, Refusal>());
    /** Set once anything was refused: until then the map above, a lock and a weak-map probe, is not consulted. */
    private volatile boolean anyRefused;

    UrlConnectionRequests(Engine engine) {
        this.engine = engine;
    }

    @Override
    public IOException request(Object connection, Object unused) throws Throwable {
        Refusal earlier = anyRefused ? refused.get(connection) : null;
        if (earlier != null) {
            return new EgressBlockedException(earlier.host, earlier.port, earlier.rule, earlier.eventId);
        }
        IOException block = engine.http().request(this, connection, null, null);
        if (block instanceof EgressBlockedException) {
            refused.put(connection, new Refusal((EgressBlockedException) block));
            anyRefused = true;
        }
        return block;
    }

    /**
     * getOutputStream would connect before the body exists. For a refused destination in buffered
     * mode, hand out the body buffer instead: the app writes its body, and the refusal at
     * getInputStream/getResponseCode records it. Streaming modes proceed (and are refused at the
     * connect, headers only: nothing was written yet).
     */
    Advice.Instead bodyBuffers() {
        return new Advice.Instead() {
            @Override
            public Object instead(Object connection, Object unused, Object unused2) throws Throwable {
                // Decide first: buffered() reads a private method through a method handle, which
                // showed up in profiles of allowed keep-alive requests; only a refusal needs it.
                UrlConnectionReader reader = UrlConnectionReader.get();
                if (!engine.http().refuses(UrlConnectionRequests.this, connection) || !reader.buffered(connection)) {
                    return null;
                }
                return reader.bufferInstead(connection);
            }
        };
    }

    @Override
    public Api api() {
        return Api.HTTP_URLCONNECTION;
    }

    @Override
    public HttpCall target(Object connection) throws Throwable {
        return UrlConnectionReader.get().target(connection);
    }

    @Override
    public String method(Object connection) throws Throwable {
        return UrlConnectionReader.get().method(connection);
    }

    @Override
    public void readRequest(Object connection, HttpCall into) throws Throwable {
        UrlConnectionReader.get().readRequest(connection, into);
    }

    /** What a refused connection was told, to tell it again. */
    private static final class Refusal {
        final String host;
        final int port;
        final String rule;
        final String eventId;

        Refusal(EgressBlockedException e) {
            this.host = e.host();
            this.port = e.port();
            this.rule = e.rule();
            this.eventId = e.eventId();
        }
    }
}
