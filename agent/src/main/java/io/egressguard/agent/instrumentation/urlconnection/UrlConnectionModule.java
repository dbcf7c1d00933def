package io.egressguard.agent.instrumentation.urlconnection;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;

/**
 * The JDK's {@code HttpURLConnection} (http and https; JDK 17 and 25), caught at its API so the
 * URL's host is decided before any lookup or connect and the request (and body) recorded.
 */
public final class UrlConnectionModule implements InstrumentationModule {
    private static final String IMPL = "sun/net/www/protocol/http/HttpURLConnection";
    static final String CONNECT = "http-urlconnection";
    static final String OUTPUT = "http-urlconnection-output";

    @Override
    public String name() {
        return "urlconnection";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                // connect, getInputStream, getResponseCode and getOutputStream funnel into this.
                new EntryHook(Entry.REQUEST, CONNECT, IMPL, "plainConnect0", "()V", EntryHook.THIS),
                // getOutputStream connects before the body is written; for a refused destination in
                // the default buffered mode the gate hands back the buffer instead, so the body
                // reaches plainConnect0's record and no connection is opened.
                new EntryHook(Entry.INSTEAD, OUTPUT, IMPL, "getOutputStream0", "()Ljava/io/OutputStream;", EntryHook.THIS));
    }

    @Override
    public void advise(Advice advice, Engine engine) {
        UrlConnectionRequests requests = new UrlConnectionRequests(engine);
        advice.request(CONNECT, requests).instead(OUTPUT, requests.bodyBuffers());
    }
}
