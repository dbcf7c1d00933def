package io.egressguard.agent.instrumentation.netty;

import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.Advice;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Netty 4.1 and 4.2, every transport (NIO, epoll, kqueue, io_uring), and Netty's own DNS resolver
 * (used by Reactor Netty and Vert.x). A refusal fails the connect or resolve promise, which is how
 * Netty reports any such failure; the record names the code that made the channel.
 */
public final class NettyModule implements InstrumentationModule {
    private static final String BOOTSTRAP = "io/netty/bootstrap/Bootstrap";
    private static final String HEAD = "io/netty/channel/DefaultChannelPipeline$HeadContext";
    private static final String UNSAFE = "io/netty/channel/AbstractChannel$AbstractUnsafe";
    private static final String DNS = "io/netty/resolver/dns/DnsNameResolver";
    private static final String DNS_RESOLVE = "(Ljava/lang/String;[Lio/netty/handler/codec/dns/DnsRecord;Lio/netty/util/concurrent/Promise;Lio/netty/resolver/dns/DnsCache;)V";

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public List<EntryHook> hooks() {
        return Arrays.asList(
                // Every Bootstrap.connect passes here with its remote address before creating the
                // channel: whether the registration below needs the caller's stack.
                new EntryHook(Entry.OBSERVE, "netty-connect-start", BOOTSTRAP, "doResolveAndConnect",
                        "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Lio/netty/channel/ChannelFuture;", 0).loadedByApp(),
                // Every channel is registered with its event loop here, on the thread that made it
                // (Bootstrap.connect, Reactor Netty's connector, Vert.x); resolution and connect
                // follow on the event loop. Remember the caller.
                new EntryHook(Entry.OBSERVE, "netty-register", UNSAFE, "register",
                        "(Lio/netty/channel/EventLoop;Lio/netty/channel/ChannelPromise;)V", 1).loadedByApp(),
                // Netty's own DNS resolver: every resolve and resolveAll passes one of these two before
                // the cache, the hosts file and any query. A refused name fails the promise, as a
                // failed lookup does, and the method is skipped.
                new EntryHook(Entry.SKIP, "netty-dns-resolve", DNS, "doResolve", DNS_RESOLVE, 0, 2).loadedByApp(),
                new EntryHook(Entry.SKIP, "netty-dns-resolve-all", DNS, "doResolveAll", DNS_RESOLVE, 0, 2).loadedByApp(),
                // A monitored connection's first outbound bytes: every message leaves the pipeline at
                // its head. One volatile read per write and flush unless such a connection waits.
                new EntryHook(Entry.WATCHED, "netty-write", HEAD, "write",
                        "(Lio/netty/channel/ChannelHandlerContext;Ljava/lang/Object;Lio/netty/channel/ChannelPromise;)V", 0, 1).loadedByApp(),
                new EntryHook(Entry.WATCHED, "netty-flush", HEAD, "flush", "(Lio/netty/channel/ChannelHandlerContext;)V", 0).loadedByApp(),
                // Closed before any flush: recorded then, with whatever was written.
                new EntryHook(Entry.WATCHED, "netty-close", HEAD, "close",
                        "(Lio/netty/channel/ChannelHandlerContext;Lio/netty/channel/ChannelPromise;)V", 0).loadedByApp(),
                // Before the resolver: a name the policy refuses by name never reaches Netty's
                // resolver. Returns the failed promise, as Netty reports any resolution failure.
                new EntryHook(Entry.INSTEAD, "netty-resolve", BOOTSTRAP, "doResolveAndConnect0",
                        "(Lio/netty/channel/Channel;Ljava/net/SocketAddress;Ljava/net/SocketAddress;Lio/netty/channel/ChannelPromise;)Lio/netty/channel/ChannelFuture;",
                        1, 3).loadedByApp(),
                // Every connect of every transport leaves the pipeline here with the resolved
                // address: a refusal fails the promise and skips the connect.
                new EntryHook(Entry.SKIP, "netty-connect", HEAD, "connect",
                        "(Lio/netty/channel/ChannelHandlerContext;Ljava/net/SocketAddress;Ljava/net/SocketAddress;Lio/netty/channel/ChannelPromise;)V",
                        1, 3).loadedByApp());
    }

    @Override
    public List<String> transportPackages() {
        return Arrays.asList("io.netty.");
    }

    @Override
    public void advise(Advice advice, Engine engine) {
        final NettyConnects netty = new NettyConnects(engine);
        advice.observe("netty-connect-start", new Advice.Observe() {
            @Override
            public void observe(Object remote, Object unused) {
                netty.onConnectStart((SocketAddress) remote);
            }
        });
        advice.observe("netty-register", new Advice.Observe() {
            @Override
            public void observe(Object promise, Object unused) throws ReflectiveOperationException {
                netty.onRegister(promise);
            }
        });
        Advice.Skip dns = new Advice.Skip() {
            @Override
            public boolean skip(Object host, Object promise) throws ReflectiveOperationException {
                return promise != null && netty.onDns((String) host, promise);
            }
        };
        advice.skip("netty-dns-resolve", dns).skip("netty-dns-resolve-all", dns);
        advice.observe("netty-write", new Advice.Observe() {
            @Override
            public void observe(Object context, Object message) throws ReflectiveOperationException {
                netty.onWrite(context, message);
            }
        });
        Advice.Observe flush = new Advice.Observe() {
            @Override
            public void observe(Object context, Object unused) throws ReflectiveOperationException {
                netty.onFlush(context);
            }
        };
        advice.observe("netty-flush", flush).observe("netty-close", flush);
        advice.instead("netty-resolve", new Advice.Instead() {
            @Override
            public Object instead(Object remote, Object promise, Object unused) {
                return promise != null && netty.onConnect((SocketAddress) remote, promise, true) ? promise : null;
            }
        });
        advice.skip("netty-connect", new Advice.Skip() {
            @Override
            public boolean skip(Object remote, Object promise) {
                return promise != null && netty.onConnect((SocketAddress) remote, promise, false);
            }
        });
    }
}
