package io.egressguard.agent.instrumentation.apache;

import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.HttpRequests;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.event.Api;
import java.io.IOException;

/**
 * Apache HttpClient 5's requests. Classic: decided on the caller's thread, which then connects;
 * the refusal is thrown from execute as is (an IOException its callers handle). Async: decided on
 * the caller's thread before the client's I/O reactor connects (so the caller's stack is kept with
 * a request that waits for its address); a refusal returns a failed future and fails the callback.
 */
final class ApacheRequests implements Advice.Request, Advice.Instead {
    private final Engine engine;
    private final ApacheReader reader;
    private final HttpRequests classic;
    private final HttpRequests async;

    ApacheRequests(Engine engine) {
        this.engine = engine;
        this.reader = new ApacheReader(engine.http().bodyBytesKept());
        this.classic = new Requests(reader, false);
        this.async = new Requests(reader, true);
    }

    /** Classic doExecute(target, request): the refusal, thrown as is. */
    @Override
    public IOException request(Object request, Object target) throws Throwable {
        return engine.http().request(classic, new ApacheCall(request, target, false), null, null);
    }

    /** Async execute([target,] producer, ..., callback): a failed future for a refusal. */
    @Override
    public Object instead(Object producer, Object callback, Object target) throws Throwable {
        IOException block = engine.http().request(async, new ApacheCall(producer, target, true), null, null);
        return block != null ? reader.failedFuture(producer, callback, block) : null;
    }

    /** The reader as the engine sees a client: the async one connects on its I/O reactor. */
    private static final class Requests implements HttpRequests {
        private final ApacheReader reader;
        private final boolean connectsElsewhere;

        Requests(ApacheReader reader, boolean connectsElsewhere) {
            this.reader = reader;
            this.connectsElsewhere = connectsElsewhere;
        }

        @Override
        public Api api() {
            return Api.APACHE_HTTPCLIENT;
        }

        @Override
        public HttpCall target(Object call) throws Throwable {
            return reader.target((ApacheCall) call);
        }

        @Override
        public String method(Object call) throws Throwable {
            return reader.method((ApacheCall) call);
        }

        @Override
        public void readRequest(Object call, HttpCall into) throws Throwable {
            reader.readRequest((ApacheCall) call, into);
        }

        @Override
        public boolean connectsElsewhere() {
            return connectsElsewhere;
        }
    }
}
