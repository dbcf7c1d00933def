package io.egressguard.agent.instrumentation.jetty;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.WaitPoint;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The Jetty 12 client (12.0 and 12.1): connects through the JDK's sockets, decided there. Its
 * default resolver looks up, and so connects, on Jetty's executor: remember who asked for the
 * connection (the resolve's promise carries it) and resume it in the executor's task (the lambda
 * resolve hands over). The host and port come along: a connection sure to be allowed keeps no stack.
 */
public final class JettyModule implements InstrumentationModule {
    private static final String ASYNC_RESOLVER = "org/eclipse/jetty/util/SocketAddressResolver$Async";
    /** Where the caller of a blocking send waits while the executor connects. */
    private static final WaitPoint SEND = new WaitPoint("org.eclipse.jetty.client.transport.HttpRequest", "send");

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                new EntryHook(Entry.HAND_OVER_TO, "jetty-resolve", ASYNC_RESOLVER, "resolve",
                        "(Ljava/lang/String;ILjava/util/Map;Lorg/eclipse/jetty/util/Promise;)V", 0, 1, 3).loadedByApp(),
                new EntryHook(Entry.RESUME, "jetty-resolve-task", ASYNC_RESOLVER, "lambda$resolve$0",
                        "(Lorg/eclipse/jetty/util/Promise;Ljava/lang/String;I)V", 0).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Collections.singletonList("org.eclipse.jetty.");
    }

    @Override
    public void advise(Advice advice, final Engine engine) {
        // A caller that waits in send is kept as a thread: its stack is read only for a record.
        advice.handOver("jetty-resolve", new Advice.HandOver() {
            @Override
            public void handOver(String host, int port, Object promise) {
                engine.handOver(host, port, promise, SEND);
            }
        });
    }
}
