package io.egressguard.agent.instrumentation.okhttp;

import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.HttpRequests;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.event.Api;
import java.io.IOException;

/**
 * OkHttp's calls: decided as the call runs its interceptor chain (on the app's thread for
 * execute(), on the dispatcher for an enqueued call, whose caller's stack was kept at enqueue).
 */
final class OkHttpCalls implements HttpRequests, Advice.Request, Advice.HandOver {
    private final Engine engine;
    private final OkHttpReader reader;

    OkHttpCalls(Engine engine) {
        this.engine = engine;
        this.reader = new OkHttpReader(engine.http().bodyBytesKept());
    }

    @Override
    public IOException request(Object call, Object unused) throws Throwable {
        return engine.http().request(this, call, call, null);
    }

    /**
     * enqueue(): the URL is known, so is the decision unless the host is a name decided by its
     * address; a call sure to be allowed and unrecorded keeps no stack.
     */
    @Override
    public void handOver(String host, int port, Object call) {
        if (!engine.recordsAllowed()) { // else spare even the URL read
            HttpCall target = reader.target(call);
            if (!engine.callerStackNeeded(target.host, null, target.port)) {
                return;
            }
        }
        engine.callSites().remember(call);
    }

    @Override
    public Api api() {
        return Api.OKHTTP;
    }

    @Override
    public HttpCall target(Object call) {
        return reader.target(call);
    }

    @Override
    public String method(Object call) throws ReflectiveOperationException {
        return reader.method(call);
    }

    @Override
    public void readRequest(Object call, HttpCall into) throws Exception {
        reader.readRequest(call, into);
    }
}
