package io.egressguard.agent.instrumentation.httpclient;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code java.net.http.HttpClient} (JDK 17 and 25), caught at its API so the URL's host
 * is decided before any lookup or connect and the request (and a replayable body) recorded.
 */
public final class HttpClientModule implements InstrumentationModule {
    private static final String IMPL = "jdk/internal/net/http/HttpClientImpl";
    static final String SEND = "http-client-send";
    static final String SEND_ASYNC = "http-client-send-async";

    @Override
    public String name() {
        return "httpclient";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                // send is hooked itself: from a failed future it would rewrap our exception in a
                // plain ConnectException.
                new EntryHook(Entry.REQUEST, SEND, IMPL, "send",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)Ljava/net/http/HttpResponse;", 0),
                // Both public sendAsync overloads (and send) funnel into this private one; a refusal
                // returns a failed future, which is how sendAsync reports every other failure.
                new EntryHook(Entry.INSTEAD, SEND_ASYNC, IMPL, "sendAsync",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                                + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
                                + "Ljava/util/concurrent/CompletableFuture;", 0));
    }

    @Override
    public void advise(Advice advice, Engine engine) {
        HttpClientRequests requests = new HttpClientRequests(engine);
        advice.request(SEND, requests).instead(SEND_ASYNC, requests);
    }
}
