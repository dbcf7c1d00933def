package io.egressguard.agent.instrumentation.httpclient;

import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.engine.BlockingCaller;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.HttpRequests;
import io.egressguard.agent.engine.WaitPoint;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.event.Api;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * HttpClient's requests: send decides on the caller's thread and throws the refusal as is; its
 * nested sendAsync is the same attempt. A refused sendAsync returns a failed future. The client
 * connects on its executor, so a request that waits for its address keeps its caller's stack, or,
 * for a send, the caller itself (it waits in send).
 */
final class HttpClientRequests implements HttpRequests, Advice.Request, Advice.Instead {
    /** Where a caller of HttpClient.send waits while the client's executor connects. */
    private static final WaitPoint SEND = new WaitPoint("jdk.internal.net.http.HttpClientImpl", "send");

    private final Engine engine;
    /** The request HttpClient.send just let through on this thread: its nested sendAsync is the same attempt. */
    private final ThreadLocal<Object> sendLetThrough = new ThreadLocal<>();
    /** This thread as a caller of HttpClient.send: which of its sends it is in. */
    private final ThreadLocal<BlockingCaller> senders = new ThreadLocal<>();
    private volatile HttpClientReader reader;

    HttpClientRequests(Engine engine) {
        this.engine = engine;
    }

    /** send(request): the refusal, thrown as is. */
    @Override
    public IOException request(Object request, Object unused) throws Throwable {
        BlockingCaller sender = senders.get();
        if (sender == null) {
            sender = new BlockingCaller(SEND);
            senders.set(sender);
        }
        sender.nextCall();
        IOException block = engine.http().request(this, request, null, sender);
        if (block == null) {
            sendLetThrough.set(request);
        }
        return block;
    }

    /** sendAsync(request): a failed future for a refusal. */
    @Override
    public Object instead(Object request, Object unused, Object unused2) throws Throwable {
        Object sent = sendLetThrough.get();
        if (sent != null) {
            sendLetThrough.remove();
            if (sent == request) {
                return null;
            }
        }
        IOException block = engine.http().request(this, request, null, null);
        return block != null ? CompletableFuture.failedFuture(block) : null;
    }

    @Override
    public Api api() {
        return Api.HTTP_CLIENT;
    }

    @Override
    public boolean connectsElsewhere() {
        return true;
    }

    @Override
    public HttpCall target(Object request) {
        return reader().target(request);
    }

    @Override
    public String method(Object request) {
        return reader().method(request);
    }

    @Override
    public void readRequest(Object request, HttpCall into) throws InterruptedException {
        reader().readRequest(request, into);
    }

    /** Made on first use: a runtime without java.net.http never links it. */
    private HttpClientReader reader() {
        HttpClientReader r = reader;
        if (r == null) {
            r = new HttpClientReader(engine.http().bodyBytesKept());
            reader = r;
        }
        return r;
    }
}
