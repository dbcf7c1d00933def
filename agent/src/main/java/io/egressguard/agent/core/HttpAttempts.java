package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.PayloadCapture;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.capture.http.HttpClientReader;
import io.egressguard.agent.capture.http.OkHttpReader;
import io.egressguard.agent.capture.http.UrlConnectionReader;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.event.Action;
import io.egressguard.event.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-client side of the handler: decides a request by its URL's host before any lookup or
 * connect, records it once with its request and body, and remembers it so the lookup and connect
 * the client then makes (or would have made) add no second record. A host name that only its
 * address decides is never looked up by the agent (the client may use a proxy or its own resolver,
 * and the agent needs no network): the request waits, briefly, for the connect the client makes
 * to the address it resolved, and that connect's decision is recorded with the request.
 */
final class HttpAttempts {
    static final String API_URL_CONNECTION = "http-urlconnection";
    static final String API_HTTP_CLIENT = "http-client";
    static final String API_OKHTTP = "okhttp";
    /** Where a caller of HttpClient.send waits while the client's executor connects. */
    private static final String CLIENT_IMPL = "jdk.internal.net.http.HttpClientImpl";
    private static final String CLIENT_SEND = "send";
    /** Compressed bytes kept for the decoded preview, beyond the preview itself. */
    private static final int DECODE_INPUT = 64 * 1024;
    /** How long a request waits for its connect to be decided; the client connects within it or reuses a connection. */
    private static final long PENDING_NANOS = 10_000_000_000L;
    private static final int MAX_PENDING = 4096;
    /** What a waiting request may hold (its caller's stack, the client's request objects), for its share of table.bytes. */
    static final long PENDING_BYTES = 8192;
    /** decide's answer for a name that only its address decides. */
    private static final Target AWAITS_ADDRESS = new Target(null, null, null);

    /** The request HttpClient.send just let through on this thread: its nested sendAsync is the same attempt. */
    private final ThreadLocal<Object> sendLetThrough = new ThreadLocal<>();
    /** This thread as a caller of HttpClient.send: which of its sends it is in. */
    private final ThreadLocal<Sender> senders = new ThreadLocal<>();
    /** Names whose latest connect was let through unrecorded: their requests' stacks are read only if needed. */
    private final AllowedConnects connects;
    /**
     * Refused HttpURLConnections (weakly, by identity: URLConnection keeps Object's equals), each
     * with what its refusal said. Not the exception itself: a weak map's values live until the GC
     * after their key's, so every value made between two collections is copied by the second; an
     * exception's backtrace made that 5-20 KB per attempt, and an app refused in a loop spent its
     * time in 100-400 ms young pauses with old space filling (docs/BENCHMARKS.md, blocked traffic).
     */
    private final Map<Object, Refusal> refusedConnections = Collections.synchronizedMap(new WeakHashMap<Object, Refusal>());
    /** Set once anything was refused: until then the map above, a lock and a weak-map probe, is not consulted. */
    private volatile boolean anyRefused;
    /**
     * This thread's last decision. A decision is a function of the policy object (replaced, never
     * changed, on reload), the host and the port; HttpURLConnection asks twice per request
     * (getOutputStream0, plainConnect0) and a kept-alive client asks the same again for every request,
     * where parsing the literal and probing the policy's tables twice were most of the agent's share. It
     * keeps the policy it was made under until the thread asks again after a reload.
     */
    private final ThreadLocal<LastDecision> lastDecision = new ThreadLocal<>();
    private final EgressHandler handler;
    private final PolicyHolder policy;
    private final PayloadPreview payloads;
    private final LookupMemory lookups;
    private final HeaderRedaction redaction;
    private final int keep;
    private final CallSites callSites;
    /** The latest request to each name that awaits its address, by lower-case name. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Waiting requests kept at most: MAX_PENDING, fewer on a small heap (table.bytes). */
    private final int maxPending;
    private volatile HttpClientReader clientReader;
    private volatile OkHttpReader okHttpReader;

    /** The options that shape HTTP records. */
    static final class Settings {
        final HeaderRedaction redaction;
        final int payloadMax;
        /** Heap each table of waiting requests or watched connections may hold (table.bytes). */
        final long tableBytes;

        Settings(HeaderRedaction redaction, int payloadMax) {
            this(redaction, payloadMax, RepeatFolder.DEFAULT_MAX_BYTES);
        }

        Settings(HeaderRedaction redaction, int payloadMax, long tableBytes) {
            this.redaction = redaction;
            this.payloadMax = payloadMax;
            this.tableBytes = tableBytes;
        }

        /** Entries of {@code eachBytes} that fit in table.bytes, within [min, max]. */
        int entries(long eachBytes, int min, int max) {
            return (int) Math.max(min, Math.min(max, tableBytes / eachBytes));
        }
    }

    HttpAttempts(EgressHandler handler, PolicyHolder policy, PayloadPreview payloads, LookupMemory lookups, Settings settings,
                 CallSites callSites, AllowedConnects connects) {
        this.callSites = callSites;
        this.connects = connects;
        this.handler = handler;
        this.policy = policy;
        this.payloads = payloads;
        this.lookups = lookups;
        this.redaction = settings.redaction;
        this.keep = Math.max(settings.payloadMax, DECODE_INPUT);
        this.maxPending = settings.entries(PENDING_BYTES, 64, MAX_PENDING);
    }

    IOException onUrlConnection(Object connection) {
        Refusal earlier = anyRefused ? refusedConnections.get(connection) : null;
        if (earlier != null) {
            // The app calls again on a connection already refused (connect() then getInputStream,
            // say): the same attempt, so the same refusal and no second record.
            return new EgressBlockedException(earlier.host, earlier.port, earlier.rule, earlier.eventId);
        }
        UrlConnectionReader reader = urlReader();
        HttpCall call = reader.target(connection);
        IOException block = decideAndRecord(API_URL_CONNECTION, call, connection, null);
        if (block instanceof EgressBlockedException) {
            refusedConnections.put(connection, new Refusal((EgressBlockedException) block));
            anyRefused = true;
        }
        return block;
    }

    /**
     * getOutputStream would connect before the body exists. For a refused destination in buffered
     * mode, hand out the body buffer instead: the app writes its body, and the refusal at
     * getInputStream/getResponseCode records it. Streaming modes proceed (and are refused at the
     * connect, headers only: nothing was written yet).
     */
    OutputStream onUrlOutput(Object connection) {
        UrlConnectionReader reader = urlReader();
        try {
            // Decide first: buffered() reads a private method through a method handle, which showed
            // up in profiles of allowed keep-alive requests; only a refusal needs it.
            HttpCall call = reader.target(connection);
            Target t = decide(call);
            if (t == null || t == AWAITS_ADDRESS || handler.actionOf(t.decision) != Action.BLOCKED
                    || !reader.buffered(connection)) {
                return null;
            }
            return reader.bufferInstead(connection);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the HttpURLConnection: " + e, e);
        }
    }

    IOException onClient(Object request, boolean async) {
        if (async && sendLetThrough.get() != null) {
            Object sent = sendLetThrough.get();
            sendLetThrough.remove();
            if (sent == request) {
                return null;
            }
        }
        Sender sender = null;
        if (!async) {
            sender = senders.get();
            if (sender == null) {
                sender = new Sender(Thread.currentThread());
                senders.set(sender);
            }
            sender.sends++; // only this thread writes it
        }
        HttpClientReader reader = clientReader();
        IOException block = decideAndRecord(API_HTTP_CLIENT, reader.target(request), null, request, null, sender);
        if (!async && block == null) {
            sendLetThrough.set(request);
        }
        return block;
    }

    /**
     * An OkHttp call about to run its interceptor chain: on the app's thread for execute(), on the
     * dispatcher for enqueue(), whose caller's stack was remembered at enqueue.
     */
    IOException onOkHttp(Object call) {
        OkHttpReader reader = okHttpReader();
        return decideAndRecord(API_OKHTTP, reader.target(call), null, call, call, null);
    }

    /** The call objects the OkHttp enqueue hooks pass (3.x; 4.x and 5.x). */
    boolean isOkHttpCall(Object key) {
        String n = key.getClass().getName();
        return n.equals("okhttp3.RealCall") || n.equals("okhttp3.internal.connection.RealCall");
    }

    /** At enqueue: the URL is known, so is the decision unless the host is a name decided by its address. */
    boolean okHttpNeedsCallerStack(Object call) {
        if (handler.recordsAllowed()) {
            return true; // spare even the URL read
        }
        HttpCall target = okHttpReader().target(call);
        return CallerStackNeed.needed(policy.get(), target.host, null, target.port, false);
    }

    /**
     * A connect the policy refuses or monitors (or record=all) to an address resolved from
     * {@code host}: the request that waits for it, taken, or null.
     */
    Pending takePending(String host, long now) {
        Pending p = pending.remove(host.toLowerCase(Locale.ROOT));
        if (p == null || now - p.at >= PENDING_NANOS) {
            return null;
        }
        if (p.site == null && p.sender != null) {
            // A send whose stack was left unread (the name's last connect was let through): the
            // caller still waits in that same send if this connect is its request's; else the
            // request went over a kept-alive connection and this connect is someone else's.
            if (p.sender.sends != p.send) {
                return null;
            }
            p.site = callSites.ofWaiting(p.sender.thread, CLIENT_IMPL, CLIENT_SEND);
            if (p.site == null) {
                return null;
            }
        }
        return p;
    }

    /** Records a waiting request with the decision its connect got; the connect and its retries add no other record. */
    String recordPending(Pending p, InetAddress address, int port, Decision d, Action action, long now) {
        readRequest(p.api, p.call, p.connection, p.request);
        String id = handler.record(p.api, p.call.host, address, port, d, action, payloadOf(p.call), requestOf(p.call), now, p.site);
        lookups.rememberRequest(p.call.host, action, now);
        return id;
    }

    private IOException decideAndRecord(String api, HttpCall call, Object connection, Object request) {
        return decideAndRecord(api, call, connection, request, null, null);
    }

    /**
     * {@code connection}: an HttpURLConnection; else {@code request}: the HttpClient's request or the OkHttp call.
     * {@code siteCarrier}: the object an enqueue remembered the caller's stack with, or null; looked up only
     * for an attempt that is recorded (the lookup is a synchronized map's, once per allowed call otherwise).
     * {@code sender}: the calling thread when it will wait in HttpClient.send, else null.
     */
    private IOException decideAndRecord(String api, HttpCall call, Object connection, Object request, Object siteCarrier, Sender sender) {
        Target t = decide(call);
        if (t == null) {
            return null; // left to the lookup and connect hooks
        }
        if (t == AWAITS_ADDRESS) {
            awaitAddress(api, call, connection, request, siteOf(siteCarrier), sender);
            return null;
        }
        Action action = handler.actionOf(t.decision);
        if (action == Action.ALLOWED && !handler.recordsAllowed()) {
            return null;
        }
        long now = System.nanoTime();
        // A repeat folded into an earlier record needs only its key: the headers and body are read
        // (and copied) only for an attempt that is recorded.
        EgressHandler.Attempt a = handler.attempt(api, call.host, t.address, call.port, t.decision, action,
                methodOf(api, connection, request) + " " + call.url(), siteOf(siteCarrier), now, true);
        if (a.repeatOf == null) {
            readRequest(api, call, connection, request);
            handler.record(a, payloadOf(call), requestOf(call), now);
        }
        lookups.rememberRequest(t.memoryKey, action, now);
        return a.block();
    }

    private CallSite siteOf(Object siteCarrier) {
        return siteCarrier != null ? callSites.of(siteCarrier) : null;
    }

    /** The request's method, as {@link #readRequest} reads it into the call. */
    private String methodOf(String api, Object connection, Object request) {
        try {
            if (connection != null) {
                return urlReader().method(connection);
            } else if (api.equals(API_OKHTTP)) {
                return okHttpReader().method(request);
            }
            return clientReader().method(request);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the " + api + " request: " + e, e);
        }
    }

    private void readRequest(String api, HttpCall call, Object connection, Object request) {
        try {
            if (connection != null) {
                urlReader().readRequest(connection, call);
            } else if (api.equals(API_OKHTTP)) {
                okHttpReader().readRequest(request, call);
            } else {
                clientReader().readRequest(request, call);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the " + api + " request: " + e, e);
        }
    }

    /**
     * Keeps the request (unread: reading costs, and most are allowed) for the connect hook. The
     * stack goes with it where the connect runs on another thread: an enqueued OkHttp call's,
     * remembered at enqueue; HttpClient's, whose connects run on its executor, captured here, but
     * for a send to a name whose last connect was let through unrecorded: that request most likely
     * goes over the same connection, or to the same address, and is not recorded, so its stack is
     * read from the caller (waiting in send) only if its connect is recorded after all. sendAsync's
     * caller does not wait: its stack is always captured here.
     */
    private void awaitAddress(String api, HttpCall call, Object connection, Object request, CallSite site, Sender sender) {
        Sender waits = null;
        if (site == null && api.equals(API_HTTP_CLIENT)) {
            if (sender != null && !handler.recordsAllowed() && connects.lastAllowed(call.host, call.port, policy.get())) {
                waits = sender;
            } else {
                site = callSites.captureHere();
            }
        }
        if (pending.size() >= maxPending) {
            pending.clear();
        }
        pending.put(call.host.toLowerCase(Locale.ROOT), new Pending(api, call, connection, request, site, waits, System.nanoTime()));
    }

    /**
     * The decision for the URL's host, before the client looks anything up, without looking
     * anything up: a name rule decides a name (no query leaves for a refused one); an IP literal is
     * decided as the address. Any other name is {@link #AWAITS_ADDRESS}: the client resolves it
     * (or its proxy does), and the connect hook decides the address.
     */
    private Target decide(HttpCall call) {
        if (call.host == null || call.host.isEmpty()) {
            return null;
        }
        Policy p = policy.get();
        LastDecision last = lastDecision.get();
        if (last != null && last.policy == p && last.port == call.port && last.host.equals(call.host)) {
            return last.target;
        }
        Target t = decide(p, call);
        lastDecision.set(new LastDecision(p, call.host, call.port, t));
        return t;
    }

    private static Target decide(Policy p, HttpCall call) {
        if (Destinations.isIpLiteral(call.host)) {
            InetAddress literal = Policy.literalAddress(call.host);
            if (literal == null) {
                return null; // not a valid literal: the client fails it (or looks it up, and the DNS hook decides)
            }
            return new Target(p.decide(call.host, null, call.port), literal, literal.getHostAddress());
        }
        Decision byName = p.decideByName(call.host, call.port);
        return byName != null ? new Target(byName, null, call.host) : AWAITS_ADDRESS;
    }

    private Request requestOf(HttpCall call) {
        Request r = new Request();
        r.method = call.method;
        r.url = call.url();
        r.headers = redaction.apply(call.headers);
        return r;
    }

    private PayloadCapture payloadOf(HttpCall call) {
        if (call.bodySize == 0 && call.body == null) {
            return null; // no body: nothing to preview
        }
        if (call.bodyComplete && call.bodySha256 == null) {
            return payloads.captureWholeBody(call.body, call.bodyLength, call.header("Content-Type"), call.header("Content-Encoding"));
        }
        return payloads.captureBody(call.body, call.bodyLength, call.bodySize, call.bodySha256,
                call.header("Content-Type"), call.header("Content-Encoding"));
    }

    private static UrlConnectionReader urlReader() {
        try {
            return UrlConnectionReader.get();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private HttpClientReader clientReader() {
        HttpClientReader r = clientReader;
        if (r == null) {
            r = new HttpClientReader(keep);
            clientReader = r;
        }
        return r;
    }

    private OkHttpReader okHttpReader() {
        OkHttpReader r = okHttpReader;
        if (r == null) {
            r = new OkHttpReader(keep);
            okHttpReader = r;
        }
        return r;
    }

    /** A request whose host only its address decides, waiting for the client's connect. */
    static final class Pending {
        final String api;
        final HttpCall call;
        final Object connection;
        final Object request;
        /** The caller's stack; null: this thread's, or (with a sender) to be read from the sender. */
        CallSite site;
        /** The thread waiting in HttpClient.send for this request, when its stack was left unread. */
        final Sender sender;
        /** Which of the sender's sends. */
        final long send;
        final long at;

        Pending(String api, HttpCall call, Object connection, Object request, CallSite site, Sender sender, long at) {
            this.api = api;
            this.call = call;
            this.connection = connection;
            this.request = request;
            this.site = site;
            this.sender = sender;
            this.send = sender != null ? sender.sends : 0;
            this.at = at;
        }
    }

    /** A thread that calls HttpClient.send, and a count of its sends. */
    static final class Sender {
        final Thread thread;
        volatile long sends;

        Sender(Thread thread) {
            this.thread = thread;
        }
    }

    /** A decision with the address it was made on (null: by name) and the key it is remembered by. */
    private static final class LastDecision {
        final Policy policy;
        final String host;
        final int port;
        /** Immutable, so the same one may answer again. Null: left to the lookup and connect hooks. */
        final Target target;

        LastDecision(Policy policy, String host, int port, Target target) {
            this.policy = policy;
            this.host = host;
            this.port = port;
            this.target = target;
        }
    }

    private static final class Target {
        final Decision decision;
        final InetAddress address;
        final String memoryKey;

        Target(Decision decision, InetAddress address, String memoryKey) {
            this.decision = decision;
            this.address = address;
            this.memoryKey = memoryKey;
        }
    }

    /** What a refused HttpURLConnection was told, to tell it again. */
    private static final class Refusal {
        final String host;
        final int port;
        final String rule;
        final String eventId;

        Refusal(EgressBlockedException e) {
            this.host = e.host();
            this.port = e.port();
            this.rule = e.rule();
            this.eventId = e.eventId();
        }
    }
}
