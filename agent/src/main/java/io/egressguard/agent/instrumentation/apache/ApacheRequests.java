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
final class ApacheRequests implements HttpRequests, Advice.Request, Advice.Instead {
    private final Engine engine;
    private final ApacheReader reader;

    ApacheRequests(Engine engine) {
        this.engine = engine;
        this.reader = new ApacheReader(engine.http().bodyBytesKept());
    }

    /** Classic doExecute(target, request): the refusal, thrown as is. */
    @Override
    public IOException request(Object request, Object target) throws Throwable {
        return engine.http().request(this, new ApacheCall(request, target, false), null, null);
    }

    /** Async execute([target,] producer, ..., callback): a failed future for a refusal. */
    @Override
    public Object instead(Object producer, Object callback, Object target) throws Throwable {
        IOException block = engine.http().request(async, new ApacheCall(producer, target, true), null, null);
        return block != null ? reader.failedFuture(producer, callback, block) : null;
    }

    /** The async client's view: the same reader, but the client connects on its I/O reactor. */
    private final HttpRequests async = new HttpRequests() {
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
            return true;
        }
    };

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
}
