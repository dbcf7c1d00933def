package io.egressguard.agent.instrumentation.apache;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.List;

/**
 * Apache HttpClient 5 (5.1 to 5.6 checked), classic and async, caught at the API: the URL's host is
 * decided before any lookup or connect, and the request (and a repeatable body) recorded. The
 * classic client throws the refusal from execute; the async client returns a failed future and
 * tells the callback, as it reports any connect failure.
 */
public final class ApacheModule implements InstrumentationModule {
    private static final String CLASSIC = "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/ClassicHttpRequest;"
            + "Lorg/apache/hc/core5/http/protocol/HttpContext;)Lorg/apache/hc/client5/http/impl/classic/CloseableHttpResponse;";
    private static final String ASYNC_CLIENT = "org/apache/hc/client5/http/impl/async/CloseableHttpAsyncClient";
    private static final String CONSUMER_FACTORY_CONTEXT = "Lorg/apache/hc/core5/http/nio/AsyncResponseConsumer;"
            + "Lorg/apache/hc/core5/http/nio/HandlerFactory;Lorg/apache/hc/core5/http/protocol/HttpContext;"
            + "Lorg/apache/hc/core5/concurrent/FutureCallback;)Ljava/util/concurrent/Future;";
    private static final String[] CLASSIC_HOOKS = {"apache-classic", "apache-classic-minimal"};
    private static final String[] ASYNC_HOOKS = {"apache-async", "apache-async-to-host"};

    @Override
    public String name() {
        return "apache";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                // Every execute overload of the default and the minimal classic client funnels into
                // its doExecute, on the caller's thread: (request, target host or null).
                new EntryHook(Entry.REQUEST, CLASSIC_HOOKS[0], "org/apache/hc/client5/http/impl/classic/InternalHttpClient",
                        "doExecute", CLASSIC, 1, 0).loadedByApp(),
                new EntryHook(Entry.REQUEST, CLASSIC_HOOKS[1], "org/apache/hc/client5/http/impl/classic/MinimalHttpClient",
                        "doExecute", CLASSIC, 1, 0).loadedByApp(),
                // Every async execute (any client: HTTP/1.1, H2, minimal) passes one of these two final
                // methods of the base class before doExecute: (producer, callback[, target host]).
                new EntryHook(Entry.INSTEAD, ASYNC_HOOKS[0], ASYNC_CLIENT, "execute",
                        "(Lorg/apache/hc/core5/http/nio/AsyncRequestProducer;" + CONSUMER_FACTORY_CONTEXT, 0, 4).loadedByApp(),
                new EntryHook(Entry.INSTEAD, ASYNC_HOOKS[1], ASYNC_CLIENT, "execute",
                        "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/nio/AsyncRequestProducer;" + CONSUMER_FACTORY_CONTEXT,
                        1, 5, 0).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Arrays.asList("org.apache.hc.");
    }

    @Override
    public void advise(Advice advice, Engine engine) {
        ApacheRequests requests = new ApacheRequests(engine);
        for (String hook : CLASSIC_HOOKS) {
            advice.request(hook, requests);
        }
        for (String hook : ASYNC_HOOKS) {
            advice.instead(hook, requests);
        }
    }
}
