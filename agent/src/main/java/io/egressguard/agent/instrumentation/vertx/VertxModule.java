package io.egressguard.agent.instrumentation.vertx;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Vert.x 5: connects through Netty, decided by the netty module. Vert.x takes the connect to its
 * event loop: remember who asked (on the app's thread, the public entry), and which request the
 * event loop then works on.
 */
public final class VertxModule implements InstrumentationModule {
    private static final String NET_CLIENT = "io/vertx/core/net/impl/NetClientImpl";

    @Override
    public String name() {
        return "vertx";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                new EntryHook(Entry.HAND_OVER, "vertx-connect", NET_CLIENT, "connectInternal",
                        "(Lio/vertx/core/net/ConnectOptions;Lio/vertx/core/Promise;Lio/vertx/core/internal/ContextInternal;)V", 1).loadedByApp(),
                new EntryHook(Entry.RESUME, "vertx-connect-resume", NET_CLIENT, "connectInternal2",
                        "(Lio/vertx/core/net/ConnectOptions;Lio/vertx/core/net/ClientSSLOptions;Lio/vertx/core/internal/tls/SslContextProvider;ZLio/vertx/core/Promise;Lio/vertx/core/internal/ContextInternal;I)V",
                        4).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Collections.singletonList("io.vertx.");
    }
}
