package io.egressguard.agent.instrumentation.reactornetty;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reactor Netty (Spring WebClient): connects through Netty, decided by the netty module. Reactor
 * Netty resolves with its own connector, on the event loop, in a task: the resolve nested there is
 * the channel's work, and the channel's maker's stack names the caller.
 */
public final class ReactorNettyModule implements InstrumentationModule {
    @Override
    public String name() {
        return "reactor-netty";
    }

    @Override
    public List<EntryHook> hooks() {
        return Collections.singletonList(new EntryHook(Entry.RESUME, "reactor-netty-resolve", "reactor/netty/transport/TransportConnector",
                "doResolveAndConnect",
                "(Lio/netty/channel/Channel;Lreactor/netty/transport/TransportConfig;Ljava/net/SocketAddress;Lio/netty/resolver/AddressResolverGroup;Lreactor/util/context/ContextView;)Lreactor/core/publisher/Mono;",
                0).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Arrays.asList("reactor.netty.", "reactor.core.");
    }
}
