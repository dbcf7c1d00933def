package io.egressguard.agent.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * What the gate asks the agent core. Lives on the boot class path with {@link Gate}, so its
 * signatures use java.base types only. Each method returns the exception to throw at the caller
 * (a block) or null (let it through); it may throw for an agent bug, which the gate swallows.
 */
public interface GateHandler {
    IOException onConnect(InetAddress address, int port);

    IOException onDatagram(InetSocketAddress target, ByteBuffer data);

    IOException onLookup(String host);

    /** A {@code sun.net.www.protocol.http.HttpURLConnection} about to connect. */
    IOException onHttpUrlConnection(Object connection);

    /**
     * A {@code sun.net.www.protocol.http.HttpURLConnection} asked for its output stream, which would
     * connect: a stream to hand back instead (no connection), or null to proceed.
     */
    OutputStream onHttpUrlOutput(Object connection);

    /** A {@code java.net.http.HttpRequest} about to be sent by the JDK's HttpClient. */
    IOException onHttpClient(Object request, boolean async);

    /** An OkHttp {@code RealCall} about to run its interceptor chain (execute, or an enqueued call's run). */
    IOException onOkHttpCall(Object call);

    /** Code on this thread handed {@code key} (an OkHttp call, a Vert.x connect promise, a Jetty resolve promise) to another thread. */
    void onCallSite(Object key);

    /** {@link #onCallSite}, with the destination the handed-over work will connect to (host null: unknown). */
    default void onCallSiteFor(String host, int port, Object key) {
        onCallSite(key);
    }

    /**
     * Netty's Bootstrap is about to create a channel and connect it to {@code remote}, on the app's
     * thread: tells the {@link #onNettyRegister} that follows whether the caller's stack can be used.
     */
    void onNettyConnectStart(SocketAddress remote);

    /**
     * A Netty connect to {@code remote}: before its resolver ({@code beforeResolve}) or as it leaves
     * the pipeline. True: refused, and {@code promise} (a ChannelPromise) has been failed with it.
     */
    boolean onNetty(SocketAddress remote, Object promise, boolean beforeResolve);

    /**
     * Netty's own DNS resolver (DnsNameResolver, used by Reactor Netty and Vert.x) is about to look
     * {@code host} up. True: refused before any query, and {@code promise} (a Netty Promise) has
     * been failed with it.
     */
    default boolean onNettyDns(String host, Object promise) {
        return false;
    }

    /** A Netty channel is being registered with its event loop ({@code promise}: its ChannelPromise), on the caller's thread. */
    default void onNettyRegister(Object promise) {
    }

    /** A library's worker takes up the work handed over with {@code carrier}: what it records while nested there is that work. */
    default void onResumeCallSite(Object carrier) {
    }

    /** A message leaves a Netty pipeline ({@code context}: the head's ChannelHandlerContext), only while writes are watched. */
    default void onNettyWrite(Object context, Object message) {
    }

    /** A Netty pipeline flushes, only while writes are watched. */
    default void onNettyFlush(Object context) {
    }

    /** Reports an agent bug caught by the gate; called at most once per hook. */
    void onFailure(String hook, Throwable failure);
}
