package io.egressguard.agent.bootstrap;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The only class woven code calls. It sits on the boot class path so that java.base, java.net.http
 * and every application loader can see it, and it stays tiny: it guards against re-entry, asks the
 * {@link GateHandler}, throws the block it gets back, and swallows the handler's own failures so
 * that an agent bug never reaches the app.
 */
public final class Gate {
    private static final long READY_WAIT_MILLIS = 10_000;
    private static final Object READY_LOCK = new Object();
    private static final ThreadLocal<int[]> DEPTH = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[2];
        }
    };
    /** Index 0 of the depth array: nesting of gate calls; index 1: 1 on the agent's own threads. */
    private static final int NESTING = 0;
    private static final int INTERNAL = 1;
    private static final String NOT_READY = "agent-not-ready";
    private static final int HTTP_URL_CONNECT = 0;
    private static final int HTTP_CLIENT_SEND = 1;
    private static final int HTTP_CLIENT_SEND_ASYNC = 2;
    private static final int OKHTTP_CALL = 3;

    private static volatile GateHandler handler;
    /** True while a monitored Netty connection waits for its first bytes: the write hooks do nothing else. */
    private static volatile boolean nettyWritesWatched;
    private static volatile boolean failureReported;
    /**
     * This host's name, a local name like localhost. Read from the kernel the first time a call
     * arrives before the handler (about 50 us), so the common path never pays for it.
     */
    private static volatile String ownHost;
    /** Set by start-up once the policy leaves local destinations to the built-in allow: they stop waiting. */
    private static volatile boolean localFree;

    private Gate() {
    }

    /** Publishes the handler; app threads that arrived before it waited for this. */
    public static void install(GateHandler h) {
        synchronized (READY_LOCK) {
            handler = h;
            READY_LOCK.notifyAll();
        }
    }

    /**
     * Local destinations (loopback, localhost, this host's name) pass without waiting for the handler
     * from now on: start-up knows the policy, or its failure, lets them through unrecorded.
     */
    public static void localDestinationsFree(boolean free) {
        synchronized (READY_LOCK) {
            localFree = free;
            READY_LOCK.notifyAll();
        }
    }

    /** Sets this host's name instead of reading it (tests). */
    public static void ownHostName(String name) {
        ownHost = name;
    }

    public static boolean installed() {
        return handler != null;
    }

    /** Marks the calling thread as the agent's own: it never waits for the handler to be ready. */
    public static void markInternalThread() {
        DEPTH.get()[INTERNAL] = 1;
    }

    /** Woven into {@code sun.nio.ch.Net.connect}: every JDK TCP connect and UDP connect. */
    public static void connect(InetAddress address, int port) throws IOException {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || address == null || (handler == null && isLocal(address) && passesAsLocal(depth))) {
            return; // loopback never waits for start-up: the app's own servers and health checks
        }
        GateHandler h = ready(depth);
        if (h == null) {
            failClosed(depth, address);
            return;
        }
        IOException block = null;
        depth[NESTING]++;
        try {
            block = h.onConnect(address, port);
        } catch (Throwable bug) {
            reportFailure(h, "connect", bug);
        } finally {
            depth[NESTING]--;
        }
        if (block != null) {
            throw block;
        }
    }

    /** Woven into {@code sun.nio.ch.DatagramChannelImpl.send}: every unconnected UDP send. */
    public static void datagram(InetSocketAddress target, ByteBuffer data) throws IOException {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || target == null || (handler == null && target.getAddress() != null && isLocal(target.getAddress()) && passesAsLocal(depth))) {
            return;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            failClosed(depth, target.getAddress());
            return;
        }
        IOException block = null;
        depth[NESTING]++;
        try {
            block = h.onDatagram(target, data);
        } catch (Throwable bug) {
            reportFailure(h, "datagram", bug);
        } finally {
            depth[NESTING]--;
        }
        if (block != null) {
            throw block;
        }
    }

    /** Woven into {@code InetAddress.getAllByName(String)}: before the JDK's cache and any query. */
    public static void lookup(String host) throws UnknownHostException {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || host == null || host.isEmpty() || (handler == null && (isLiteral(host) || (isLocalName(host) && passesAsLocal(depth))))) {
            return; // IP literals query nothing; localhost and this host's name are answered locally
        }
        GateHandler h = ready(depth);
        if (h == null) {
            if (depth[INTERNAL] == 0) {
                throw new EgressBlockedLookupException(host, NOT_READY, null);
            }
            return;
        }
        IOException block = null;
        depth[NESTING]++;
        try {
            block = h.onLookup(host);
        } catch (Throwable bug) {
            reportFailure(h, "lookup", bug);
        } finally {
            depth[NESTING]--;
        }
        if (block instanceof UnknownHostException) {
            throw (UnknownHostException) block;
        }
    }

    /**
     * Woven into {@code sun.net.www.protocol.http.HttpURLConnection.plainConnect0} (http and https):
     * reached from connect, getInputStream, getResponseCode and getOutputStream before any lookup.
     */
    public static void httpUrlConnect(Object connection) throws IOException {
        IOException block = http(connection, HTTP_URL_CONNECT);
        if (block != null) {
            throw block;
        }
    }

    /**
     * Woven into {@code HttpURLConnection.getOutputStream0}, which connects before the body is
     * written. Non-null: the method returns this stream at once (the body buffer of a refused
     * connection, so the refusal at the next call records the body).
     */
    public static OutputStream httpUrlOutput(Object connection) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || connection == null || (handler == null && isLocalUrl(connection) && passesAsLocal(depth))) {
            return null;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            return null;
        }
        depth[NESTING]++;
        try {
            return h.onHttpUrlOutput(connection);
        } catch (Throwable bug) {
            reportFailure(h, "http-urlconnection-output", bug);
            return null;
        } finally {
            depth[NESTING]--;
        }
    }

    /** Woven into {@code jdk.internal.net.http.HttpClientImpl.send}: the refusal is thrown as is. */
    public static void httpClientSend(Object request) throws IOException {
        IOException block = http(request, HTTP_CLIENT_SEND);
        if (block != null) {
            throw block;
        }
    }

    /**
     * Woven into HttpClientImpl's private 4-argument {@code sendAsync}. Non-null: the method returns
     * this failed future at once, which is how sendAsync reports every other failure.
     */
    public static CompletableFuture<Object> httpClientSendAsync(Object request) {
        IOException block = http(request, HTTP_CLIENT_SEND_ASYNC);
        return block != null ? CompletableFuture.<Object>failedFuture(block) : null;
    }

    /**
     * Woven into OkHttp's {@code RealCall.getResponseWithInterceptorChain} (the call object): execute()
     * throws the refusal as is; an enqueued call's run() hands it to {@code Callback.onFailure}.
     */
    public static void okHttpCall(Object call) throws IOException {
        IOException block = http(call, OKHTTP_CALL);
        if (block != null) {
            throw block;
        }
    }

    /**
     * Woven where a library hands a request to another thread (OkHttp's enqueue, Vert.x's connect):
     * remembers the calling code for the record made there.
     */
    public static void callSite(Object key) {
        callSiteFor(null, -1, key);
    }

    /**
     * {@link #callSite}, where the hand-over also names the destination (Jetty's resolver; null
     * host: unknown): a destination sure to be allowed and not recorded keeps no stack, which costs
     * more than the connection's own set-up on some clients.
     */
    public static void callSiteFor(String host, int port, Object key) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || key == null || (handler == null && host != null && isLocalHost(host) && passesAsLocal(depth))) {
            return;
        }
        // Often the app's first network call: wait for start-up like the other hooks, or the
        // record would show only the worker thread's stack.
        GateHandler h = ready(depth);
        if (h == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onCallSiteFor(host, port, key);
        } catch (Throwable bug) {
            reportFailure(h, "call-site", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * Woven into Netty's {@code Bootstrap.doResolveAndConnect}, on the app's thread before the
     * channel exists: lets the registration hook that follows skip a stack no record will use.
     */
    public static void nettyConnectStart(SocketAddress remote) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || (handler == null && isLocal(remote) && passesAsLocal(depth))) {
            return;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onNettyConnectStart(remote);
        } catch (Throwable bug) {
            reportFailure(h, "netty-connect-start", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * Woven into Netty's {@code Bootstrap.doResolveAndConnect0}, before its resolver. Non-null: the
     * promise, already failed with the refusal; the method returns it at once.
     */
    public static Object nettyResolve(SocketAddress remote, Object promise) {
        return netty(remote, promise, true) ? promise : null;
    }

    /**
     * Woven into Netty's {@code DefaultChannelPipeline$HeadContext.connect}. True: the promise has
     * been failed with the refusal, and the connect is skipped.
     */
    public static boolean nettyConnect(SocketAddress remote, Object promise) {
        return netty(remote, promise, false);
    }

    /**
     * Woven into Netty's {@code DnsNameResolver.doResolve} and {@code doResolveAll} (the forms every
     * resolve passes), before its cache, hosts file and queries. True: the promise has been failed
     * with the refusal, and the method is skipped.
     */
    public static boolean nettyDnsResolve(String host, Object promise) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || host == null || promise == null || (handler == null && (isLiteral(host) || (isLocalName(host) && passesAsLocal(depth))))) {
            return false;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            if (depth[INTERNAL] == 0) {
                // Not ready in time: no name may leave by a resolver the JDK hook cannot see.
                return failPromise(promise, new EgressBlockedLookupException(host, NOT_READY, null));
            }
            return false;
        }
        depth[NESTING]++;
        try {
            return h.onNettyDns(host, promise);
        } catch (Throwable bug) {
            reportFailure(h, "netty-dns", bug);
            return false;
        } finally {
            depth[NESTING]--;
        }
    }

    /** Woven into Netty's {@code AbstractChannel$AbstractUnsafe.register}: remembers who made a new channel. */
    public static void nettyRegister(Object promise) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || promise == null) {
            return;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onNettyRegister(promise);
        } catch (Throwable bug) {
            reportFailure(h, "netty-register", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * Woven where a library's worker thread takes up work handed over with {@code carrier} (Reactor
     * Netty's connector, Vert.x's event-loop connect, Jetty's resolver task): what it records while
     * nested there names the code that handed it over ({@link #callSite}).
     */
    public static void resumeCallSite(Object carrier) {
        GateHandler h = handler;
        int[] depth = DEPTH.get();
        if (h == null || depth[NESTING] > 0 || carrier == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onResumeCallSite(carrier);
        } catch (Throwable bug) {
            reportFailure(h, "resume-call-site", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /** Set by the handler while some monitored Netty connection has not written yet. */
    public static void watchNettyWrites(boolean watch) {
        nettyWritesWatched = watch;
    }

    /** Woven into Netty's {@code DefaultChannelPipeline$HeadContext.write}: one volatile read unless watched. */
    public static void nettyWrite(Object context, Object message) {
        if (!nettyWritesWatched) {
            return;
        }
        GateHandler h = handler;
        int[] depth = DEPTH.get();
        if (h == null || depth[NESTING] > 0 || context == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onNettyWrite(context, message);
        } catch (Throwable bug) {
            reportFailure(h, "netty-write", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /** Woven into Netty's {@code DefaultChannelPipeline$HeadContext.flush}: one volatile read unless watched. */
    public static void nettyFlush(Object context) {
        if (!nettyWritesWatched) {
            return;
        }
        GateHandler h = handler;
        int[] depth = DEPTH.get();
        if (h == null || depth[NESTING] > 0 || context == null) {
            return;
        }
        depth[NESTING]++;
        try {
            h.onNettyFlush(context);
        } catch (Throwable bug) {
            reportFailure(h, "netty-flush", bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /** Fails a Netty Promise by its public tryFailure(Throwable), which java.base can call by reflection. */
    private static boolean failPromise(Object promise, Throwable cause) {
        try {
            promise.getClass().getMethod("tryFailure", Throwable.class).invoke(promise, cause);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    private static boolean netty(SocketAddress remote, Object promise, boolean beforeResolve) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || remote == null || promise == null || (handler == null && isLocal(remote) && passesAsLocal(depth))) {
            return false;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            return false; // not ready in time: the socket hook fails closed for NIO
        }
        depth[NESTING]++;
        try {
            return h.onNetty(remote, promise, beforeResolve);
        } catch (Throwable bug) {
            reportFailure(h, "netty", bug);
            return false;
        } finally {
            depth[NESTING]--;
        }
    }

    private static IOException http(Object target, int kind) {
        int[] depth = DEPTH.get();
        if (depth[NESTING] > 0 || target == null || (handler == null && kind == HTTP_URL_CONNECT && isLocalUrl(target) && passesAsLocal(depth))) {
            return null;
        }
        GateHandler h = ready(depth);
        if (h == null) {
            // Not ready in time: the socket hook below fails closed for this attempt.
            return null;
        }
        depth[NESTING]++;
        try {
            if (kind == HTTP_URL_CONNECT) {
                return h.onHttpUrlConnection(target);
            }
            if (kind == OKHTTP_CALL) {
                return h.onOkHttpCall(target);
            }
            return h.onHttpClient(target, kind == HTTP_CLIENT_SEND_ASYNC);
        } catch (Throwable bug) {
            reportFailure(h, kind == HTTP_URL_CONNECT ? "http-urlconnection" : kind == OKHTTP_CALL ? "okhttp" : "http-client", bug);
            return null;
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * The handler, waiting for the agent's start-up to publish it. Start-up loads the policy off the
     * main thread to keep premain short; an app that connects in its first milliseconds waits for
     * it rather than slipping through. Agent threads never wait (they would wait on themselves).
     */
    private static GateHandler ready(int[] depth) {
        GateHandler h = handler;
        if (h != null || depth[INTERNAL] == 1) {
            return h;
        }
        await(false);
        return handler;
    }

    /**
     * For a local destination while the handler is not published: waits until start-up frees local
     * destinations or publishes the handler. True: pass now (free, or the wait ran out, and failing
     * closed allows local destinations); false: ask the handler.
     */
    private static boolean passesAsLocal(int[] depth) {
        if (localFree || depth[INTERNAL] == 1) {
            return handler == null;
        }
        await(true);
        return handler == null;
    }

    /**
     * Waits, at most {@value #READY_WAIT_MILLIS} ms, until start-up publishes the handler or, with
     * {@code orLocalFree}, frees local destinations.
     */
    private static void await(boolean orLocalFree) {
        long deadline = System.currentTimeMillis() + READY_WAIT_MILLIS;
        synchronized (READY_LOCK) {
            while (handler == null && !(orLocalFree && localFree)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                try {
                    READY_LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The policy never became ready: nothing but local destinations may leave an app thread. */
    private static void failClosed(int[] depth, InetAddress address) throws IOException {
        if (depth[INTERNAL] == 0 && address != null && !isLocal(address)) {
            throw new EgressBlockedException(address.getHostAddress(), -1, NOT_READY, null);
        }
    }

    /**
     * A loopback or wildcard address, or one resolved from this host's own name (which need not be
     * loopback in a container). getHostString answers the name the address holds without a reverse lookup.
     */
    private static boolean isLocal(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || isOwnHost(new InetSocketAddress(a, 0).getHostString());
    }

    private static boolean isLocal(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress)) {
            return false;
        }
        InetSocketAddress r = (InetSocketAddress) remote;
        InetAddress a = r.getAddress();
        return a != null ? isLocal(a) : isLocalHost(r.getHostString());
    }

    /** An HttpURLConnection to localhost, this host's name or a loopback literal. */
    private static boolean isLocalUrl(Object connection) {
        if (!(connection instanceof URLConnection)) {
            return false;
        }
        URL url = ((URLConnection) connection).getURL();
        return url != null && isLocalHost(url.getHost());
    }

    /** A host that names this machine: localhost, *.localhost, its own name, a loopback literal. */
    private static boolean isLocalHost(String host) {
        if (host == null) {
            return false;
        }
        int end = end(host);
        if (end == 0) {
            return false;
        }
        if (isLocalhostName(host, end) || isOwnHost(host)) {
            return true;
        }
        if (host.charAt(0) == '[') {
            return host.equals("[::1]");
        }
        return host.equals("::1") || (host.startsWith("127.") && isV4Literal(host, end));
    }

    /**
     * True when InetAddress answers without any query, and the handler would let it be (the connect
     * decides): an IPv4 literal in dotted form, anything with ':' or '[' (an IPv6 literal, or an
     * error). Other numeric forms ("999.1.1.1") can reach DNS, so they wait like any name.
     */
    private static boolean isLiteral(String host) {
        int end = end(host);
        return end > 0 && (host.indexOf(':') >= 0 || host.charAt(0) == '[' || isV4Literal(host, end));
    }

    /** localhost, *.localhost and this host's own name. */
    private static boolean isLocalName(String host) {
        int end = end(host);
        return end > 0 && (isLocalhostName(host, end) || isOwnHost(host));
    }

    private static int end(String host) {
        int n = host.length();
        return n > 0 && host.charAt(n - 1) == '.' ? n - 1 : n;
    }

    /** "localhost" and any "*.localhost" (RFC 6761: always loopback). */
    private static boolean isLocalhostName(String host, int end) {
        int start = end - 9;
        return start >= 0 && host.regionMatches(true, start, "localhost", 0, 9) && (start == 0 || host.charAt(start - 1) == '.');
    }

    private static boolean isOwnHost(String host) {
        if (host == null) {
            return false;
        }
        String own = ownHost;
        if (own == null) {
            own = readOwnHostName();
            ownHost = own;
        }
        int end = end(host);
        return end > 0 && end == end(own) && host.regionMatches(true, 0, own, 0, end);
    }

    /**
     * What gethostname returns, as LocalNames reads it for the agent: the kernel's name, else
     * $HOSTNAME or %COMPUTERNAME%, else "localhost". Never InetAddress.getLocalHost(), which queries DNS.
     */
    private static String readOwnHostName() {
        try (FileInputStream in = new FileInputStream("/proc/sys/kernel/hostname")) {
            byte[] b = new byte[256];
            int n = 0;
            int r;
            while (n < b.length && (r = in.read(b, n, b.length - n)) > 0) {
                n += r;
            }
            int end = 0;
            while (end < n && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            String s = new String(b, 0, end, StandardCharsets.US_ASCII).trim();
            if (!s.isEmpty()) {
                return s;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: the environment below
        }
        String h = System.getenv("HOSTNAME");
        if (h == null) {
            h = System.getenv("COMPUTERNAME");
        }
        return h == null || h.trim().isEmpty() ? "localhost" : h.trim();
    }

    /** Four decimal parts of 0-255, no leading zeros. */
    private static boolean isV4Literal(String s, int end) {
        int parts = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return false;
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && parts < 3) {
                parts++;
                digits = 0;
                value = 0;
            } else {
                return false;
            }
        }
        return parts == 3 && digits > 0;
    }

    private static void reportFailure(GateHandler h, String hook, Throwable bug) {
        if (!failureReported) {
            failureReported = true;
            try {
                h.onFailure(hook, bug);
            } catch (Throwable ignored) {
                // Nothing more can be done without risking the app's thread.
            }
        }
    }
}
