package io.egressguard.agent.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Hooks in client libraries the app brings (PLATFORM-NOTES.md): caught at their API they give the
 * host name before any lookup, the request and its payload, and the code that made the call. Woven
 * in the application loader that defines the class; the woven code calls only the boot-loaded gate,
 * passing the library's objects as Object, which the handler reads reflectively.
 */
public final class LibraryHooks {
    static final String OKHTTP3_CALL = "okhttp3/RealCall";
    static final String OKHTTP_CALL = "okhttp3/internal/connection/RealCall";
    static final String NETTY_BOOTSTRAP = "io/netty/bootstrap/Bootstrap";
    static final String NETTY_HEAD = "io/netty/channel/DefaultChannelPipeline$HeadContext";
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
                // Netty 4.1 and 4.2: Bootstrap.connect creates and initialises the channel on the
                // app's thread; resolution and connect follow on the event loop. Remember the caller.
                new EntryHook("netty-bootstrap-init", NETTY_BOOTSTRAP, "init", "(Lio/netty/channel/Channel;)V",
                        "callSite", "(Ljava/lang/Object;)V", 0).loadedByApp(),
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
