package io.egressguard.agent.bootstrap;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The only class woven code calls. It sits on the boot class path so that java.base, java.net.http
 * and every application loader can see it, and it names no library: each entry point is a shape
 * of hook (a connect, a lookup, a request that may be refused, a method that may answer instead),
 * keyed by the hook's id, which the handler maps to the library's advice. It guards against
 * re-entry, asks the {@link GateHandler}, throws the block it gets back, and swallows the
 * handler's own failures so that an agent bug never reaches the app.
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

    private static volatile GateHandler handler;
    /** True while the handler watches some connection's traffic: {@link #watched} does nothing else. */
    private static volatile boolean watching;
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

    /** A JDK connect (every TCP connect and UDP connect of the JDK funnels into one method). */
    public static void connect(int hook, InetAddress address, int port) throws IOException {
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
            block = h.onConnect(hook, address, port);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
        throwIfSet(block);
    }

    /** An unconnected UDP send to {@code target}. */
    public static void datagram(int hook, InetSocketAddress target, ByteBuffer data) throws IOException {
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
            block = h.onDatagram(hook, target, data);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
        throwIfSet(block);
    }

    /** A JDK name lookup, before its cache and any query. */
    public static void lookup(int hook, String host) throws UnknownHostException {
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
            block = h.onLookup(hook, host);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
        if (block instanceof UnknownHostException) {
            throw (UnknownHostException) block;
        }
    }

    /**
     * A library's request or connection is about to start on this thread ({@code request}: the
     * library's object; {@code b}: another argument the library needs to read it, or null). The handler's refusal is thrown as is: the caller's API already declares it.
     */
    public static void request(int hook, Object request, Object b) throws IOException {
        int[] depth = DEPTH.get();
        GateHandler h = enter(depth, request, request);
        if (h == null) {
            return;
        }
        IOException block = null;
        try {
            block = h.onRequest(hook, request, b);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
        throwIfSet(block);
    }

    /**
     * A method that can answer without doing its work. Non-null: the method returns this at once
     * (a failed future or promise, which is how an async API reports failures; a buffer that keeps
     * a refused request's body).
     */
    public static Object instead(int hook, Object a, Object b, Object c) {
        int[] depth = DEPTH.get();
        GateHandler h = enter(depth, a, a);
        if (h == null) {
            return null;
        }
        try {
            return h.onInstead(hook, a, b, c);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
            return null;
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * A void method that can be skipped. True: the handler has done what the caller must see (failed
     * the promise the method would have completed), and the method is skipped.
     */
    public static boolean skip(int hook, Object a, Object b) {
        int[] depth = DEPTH.get();
        GateHandler h = enter(depth, a, a);
        if (h == null) {
            return false;
        }
        try {
            return h.onSkip(hook, a, b);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
            return false;
        } finally {
            depth[NESTING]--;
        }
    }

    /** Code on this thread hands work ({@code carrier}) to a library's worker thread: remember the code. */
    public static void handOver(int hook, Object carrier) {
        handOverTo(hook, null, -1, carrier);
    }

    /**
     * {@link #handOver}, where the hand-over also names the destination (null host: unknown): a
     * destination sure to be allowed and not recorded keeps no stack.
     */
    public static void handOverTo(int hook, String host, int port, Object carrier) {
        int[] depth = DEPTH.get();
        // Often the app's first network call: wait for start-up like the other hooks, or the
        // record would show only the worker thread's stack.
        GateHandler h = enter(depth, carrier, host);
        if (h == null) {
            return;
        }
        try {
            h.onHandOver(hook, host, port, carrier);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * A library's worker takes up work handed over with {@code carrier}: what it records while
     * nested in the hooked method names the code that handed it over. Never waits for start-up.
     */
    public static void resume(int hook, Object carrier) {
        int[] depth = DEPTH.get();
        GateHandler h = enterIfReady(depth, carrier);
        if (h == null) {
            return;
        }
        try {
            h.onResume(hook, carrier);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /** A step the handler follows (a channel made, a connect begun); it changes nothing. */
    public static void observe(int hook, Object a, Object b) {
        int[] depth = DEPTH.get();
        GateHandler h = enter(depth, a, a);
        if (h == null) {
            return;
        }
        try {
            h.onObserve(hook, a, b);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /** Set by the handler while it watches some connection's traffic ({@link #watched}). */
    public static void watching(boolean watch) {
        watching = watch;
    }

    /**
     * {@link #observe}, on a path every write of the app takes (a pipeline's write and flush): one
     * volatile read while the handler watches nothing, and it never waits for start-up.
     */
    public static void watched(int hook, Object a, Object b) {
        if (!watching) {
            return;
        }
        int[] depth = DEPTH.get();
        GateHandler h = enterIfReady(depth, a);
        if (h == null) {
            return;
        }
        try {
            h.onObserve(hook, a, b);
        } catch (Throwable bug) {
            reportFailure(h, hook, bug);
        } finally {
            depth[NESTING]--;
        }
    }

    /**
     * The guard every library entry shares: not nested in a gate call, something to decide, and the
     * handler, waited for unless {@code destination} is local. Non-null: the handler, with the
     * nesting raised; the caller lowers it when done.
     */
    private static GateHandler enter(int[] depth, Object subject, Object destination) {
        if (depth[NESTING] > 0 || subject == null || (handler == null && isLocalDestination(destination) && passesAsLocal(depth))) {
            return null;
        }
        GateHandler h = ready(depth);
        if (h != null) {
            depth[NESTING]++;
        }
        return h;
    }

    /** {@link #enter}, for a hook that never waits for start-up: the handler only if it is already published. */
    private static GateHandler enterIfReady(int[] depth, Object subject) {
        GateHandler h = handler;
        if (h == null || depth[NESTING] > 0 || subject == null) {
            return null;
        }
        depth[NESTING]++;
        return h;
    }

    private static void throwIfSet(IOException block) throws IOException {
        if (block != null) {
            throw block;
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

    /**
     * A destination that names this machine, in whichever java.base form a hook passes it: a host
     * name, a socket address, a URLConnection. Anything else (a library's own request object) is not
     * known to be local and waits for the handler.
     */
    private static boolean isLocalDestination(Object d) {
        if (d instanceof String) {
            return isLocalHost((String) d);
        }
        if (d instanceof SocketAddress) {
            return isLocal((SocketAddress) d);
        }
        if (d instanceof URLConnection) {
            URL url = ((URLConnection) d).getURL();
            return url != null && isLocalHost(url.getHost());
        }
        return false;
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

    private static void reportFailure(GateHandler h, int hook, Throwable bug) {
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
