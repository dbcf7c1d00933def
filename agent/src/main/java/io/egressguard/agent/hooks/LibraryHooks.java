package io.egressguard.agent.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Hooks in client libraries the app brings (docs/internals.md): caught at their API they give the
 * host name before any lookup, the request and its payload, and the code that made the call. Woven
 * in the application loader that defines the class; the woven code calls only the boot-loaded gate,
 * passing the library's objects as Object, which the handler reads reflectively.
 */
public final class LibraryHooks {
    static final String OKHTTP3_CALL = "okhttp3/RealCall";
    static final String OKHTTP_CALL = "okhttp3/internal/connection/RealCall";
    static final String NETTY_BOOTSTRAP = "io/netty/bootstrap/Bootstrap";
    static final String NETTY_HEAD = "io/netty/channel/DefaultChannelPipeline$HeadContext";
    static final String NETTY_UNSAFE = "io/netty/channel/AbstractChannel$AbstractUnsafe";
    static final String REACTOR_CONNECTOR = "reactor/netty/transport/TransportConnector";
    static final String VERTX_NET_CLIENT = "io/vertx/core/net/impl/NetClientImpl";
    static final String JETTY_ASYNC_RESOLVER = "org/eclipse/jetty/util/SocketAddressResolver$Async";
    static final String NETTY_DNS = "io/netty/resolver/dns/DnsNameResolver";
    private static final String NETTY_DNS_RESOLVE = "(Ljava/lang/String;[Lio/netty/handler/codec/dns/DnsRecord;Lio/netty/util/concurrent/Promise;Lio/netty/resolver/dns/DnsCache;)V";
    private static final String OKHTTP_GATE = "(Ljava/lang/Object;)V";

    private LibraryHooks() {
    }

    public static List<EntryHook> all() {
        return Collections.unmodifiableList(Arrays.asList(
                // OkHttp 4.x and 5.x: execute() and the async call's run() both pass here, on the
                // thread that then looks up and connects (Kotlin's internal name mangling: $okhttp).
                new EntryHook("okhttp-call", OKHTTP_CALL, "getResponseWithInterceptorChain$okhttp", "()Lokhttp3/Response;",
                        "okHttpCall", OKHTTP_GATE, EntryHook.THIS).loadedByApp(),
                // OkHttp 3.x (3.14 checked): the same method before the Kotlin rewrite.
                new EntryHook("okhttp3-call", OKHTTP3_CALL, "getResponseWithInterceptorChain", "()Lokhttp3/Response;",
                        "okHttpCall", OKHTTP_GATE, EntryHook.THIS).loadedByApp(),
                // enqueue() runs on the app's thread; the call then runs on OkHttp's dispatcher, whose
                // stack names no app code: remember the caller's stack with the call.
                new EntryHook("okhttp-enqueue", OKHTTP_CALL, "enqueue", "(Lokhttp3/Callback;)V",
                        "callSite", OKHTTP_GATE, EntryHook.THIS).loadedByApp(),
                new EntryHook("okhttp3-enqueue", OKHTTP3_CALL, "enqueue", "(Lokhttp3/Callback;)V",
                        "callSite", OKHTTP_GATE, EntryHook.THIS).loadedByApp(),
                // Netty 4.1 and 4.2: every Bootstrap.connect passes here with its remote address
                // before creating the channel: whether init below needs the caller's stack.
                new EntryHook("netty-connect-start", NETTY_BOOTSTRAP, "doResolveAndConnect",
                        "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Lio/netty/channel/ChannelFuture;",
                        "nettyConnectStart", "(Ljava/net/SocketAddress;)V", 0).loadedByApp(),
                // Netty 4.1 and 4.2: every channel is registered with its event loop here, on the
                // thread that made it (Bootstrap.connect, Reactor Netty's connector, Vert.x);
                // resolution and connect follow on the event loop. Remember the caller.
                new EntryHook("netty-register", NETTY_UNSAFE, "register", "(Lio/netty/channel/EventLoop;Lio/netty/channel/ChannelPromise;)V",
                        "nettyRegister", "(Ljava/lang/Object;)V", 1).loadedByApp(),
                // Reactor Netty resolves with its own connector, on the event loop, in a task: the
                // resolve nested here is this channel's work (its maker's stack names the caller).
                new EntryHook("reactor-netty-resolve", REACTOR_CONNECTOR, "doResolveAndConnect",
                        "(Lio/netty/channel/Channel;Lreactor/netty/transport/TransportConfig;Ljava/net/SocketAddress;Lio/netty/resolver/AddressResolverGroup;Lreactor/util/context/ContextView;)Lreactor/core/publisher/Mono;",
                        "resumeCallSite", "(Ljava/lang/Object;)V", 0).loadedByApp(),
                // Vert.x 5 takes the connect to its event loop: remember who asked (on the app's
                // thread, the public entry), and which request the event loop then works on.
                new EntryHook("vertx-connect", VERTX_NET_CLIENT, "connectInternal",
                        "(Lio/vertx/core/net/ConnectOptions;Lio/vertx/core/Promise;Lio/vertx/core/internal/ContextInternal;)V",
                        "callSite", "(Ljava/lang/Object;)V", 1).loadedByApp(),
                new EntryHook("vertx-connect-resume", VERTX_NET_CLIENT, "connectInternal2",
                        "(Lio/vertx/core/net/ConnectOptions;Lio/vertx/core/net/ClientSSLOptions;Lio/vertx/core/internal/tls/SslContextProvider;ZLio/vertx/core/Promise;Lio/vertx/core/internal/ContextInternal;I)V",
                        "resumeCallSite", "(Ljava/lang/Object;)V", 4).loadedByApp(),
                // Jetty 12's default resolver looks up, and so connects, on Jetty's executor: remember
                // who asked for the connection (the resolve's promise carries it) and resume it in
                // the executor's task (the lambda resolve hands over; Jetty 12.0 and 12.1). The host
                // and port come along: a connection sure to be allowed keeps no stack.
                new EntryHook("jetty-resolve", JETTY_ASYNC_RESOLVER, "resolve",
                        "(Ljava/lang/String;ILjava/util/Map;Lorg/eclipse/jetty/util/Promise;)V",
                        "callSiteFor", "(Ljava/lang/String;ILjava/lang/Object;)V", 0, 1, 3).loadedByApp(),
                new EntryHook("jetty-resolve-task", JETTY_ASYNC_RESOLVER, "lambda$resolve$0",
                        "(Lorg/eclipse/jetty/util/Promise;Ljava/lang/String;I)V",
                        "resumeCallSite", "(Ljava/lang/Object;)V", 0).loadedByApp(),
                // Netty's own DNS resolver (Reactor Netty, Vert.x): every resolve and resolveAll passes
                // one of these two before the cache, the hosts file and any query. A refused name
                // fails the promise, as a failed lookup does, and the method is skipped.
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "netty-dns-resolve", NETTY_DNS, "doResolve", NETTY_DNS_RESOLVE,
                        "nettyDnsResolve", "(Ljava/lang/String;Ljava/lang/Object;)Z", 0, 2).loadedByApp(),
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "netty-dns-resolve-all", NETTY_DNS, "doResolveAll", NETTY_DNS_RESOLVE,
                        "nettyDnsResolve", "(Ljava/lang/String;Ljava/lang/Object;)Z", 0, 2).loadedByApp(),
                // A monitored connection's first outbound bytes: every message leaves the pipeline at
                // its head. One volatile read per write and flush unless such a connection waits.
                new EntryHook("netty-write", NETTY_HEAD, "write",
                        "(Lio/netty/channel/ChannelHandlerContext;Ljava/lang/Object;Lio/netty/channel/ChannelPromise;)V",
                        "nettyWrite", "(Ljava/lang/Object;Ljava/lang/Object;)V", 0, 1).loadedByApp(),
                new EntryHook("netty-flush", NETTY_HEAD, "flush", "(Lio/netty/channel/ChannelHandlerContext;)V",
                        "nettyFlush", "(Ljava/lang/Object;)V", 0).loadedByApp(),
                // Closed before any flush: recorded then, with whatever was written.
                new EntryHook("netty-close", NETTY_HEAD, "close", "(Lio/netty/channel/ChannelHandlerContext;Lio/netty/channel/ChannelPromise;)V",
                        "nettyFlush", "(Ljava/lang/Object;)V", 0).loadedByApp(),
                // Before the resolver: a name the policy refuses by name (a tracker catalog entry)
                // never reaches Netty's resolver. Returns the failed promise, as Netty reports any
                // resolution failure.
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "netty-resolve", NETTY_BOOTSTRAP, "doResolveAndConnect0",
                        "(Lio/netty/channel/Channel;Ljava/net/SocketAddress;Ljava/net/SocketAddress;Lio/netty/channel/ChannelPromise;)Lio/netty/channel/ChannelFuture;",
                        "nettyResolve", "(Ljava/net/SocketAddress;Ljava/lang/Object;)Ljava/lang/Object;", 1, 3).loadedByApp(),
                // Every connect of every transport (NIO, epoll, kqueue, io_uring) leaves the pipeline
                // here with the resolved address: a refusal fails the promise and skips the connect.
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "netty-connect", NETTY_HEAD, "connect",
                        "(Lio/netty/channel/ChannelHandlerContext;Ljava/net/SocketAddress;Ljava/net/SocketAddress;Lio/netty/channel/ChannelPromise;)V",
                        "nettyConnect", "(Ljava/net/SocketAddress;Ljava/lang/Object;)Z", 1, 3).loadedByApp()));
    }
}
