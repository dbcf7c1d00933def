package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.capture.http.HttpClientReader;
import io.egressguard.agent.capture.http.OkHttpReader;
import io.egressguard.agent.capture.http.UrlConnectionReader;
import io.egressguard.agent.policy.Decision;
import io.egressguard.agent.policy.Policy;
import io.egressguard.event.Action;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The HTTP-client side of the handler: decides a request by its URL's host before any lookup or
 * connect, records it once with its request and body, and remembers it so the lookup and connect
 * the client then makes (or would have made) add no second record.
 */
final class HttpAttempts {
    static final String API_URL_CONNECTION = "http-urlconnection";
    static final String API_HTTP_CLIENT = "http-client";
    static final String API_OKHTTP = "okhttp";
    /** Compressed bytes kept for the decoded preview, beyond the preview itself. */
    private static final int DECODE_INPUT = 64 * 1024;

    /** The request HttpClient.send just let through on this thread: its nested sendAsync is the same attempt. */
    private final ThreadLocal<Object> sendLetThrough = new ThreadLocal<>();
    /** Refused HttpURLConnections (weakly, by identity: URLConnection keeps Object's equals). */
    private final Map<Object, EgressBlockedException> refusedConnections = Collections.synchronizedMap(new WeakHashMap<Object, EgressBlockedException>());
    private final EgressHandler handler;
    private final PolicyHolder policy;
    private final PayloadPreview payloads;
    private final LookupMemory lookups;
    private final HeaderRedaction redaction;
    private final int keep;
    private final CallSites callSites;
    private volatile HttpClientReader clientReader;
    private volatile OkHttpReader okHttpReader;

    /** The options that shape HTTP records. */
    static final class Settings {
        final HeaderRedaction redaction;
        final int payloadMax;

        Settings(HeaderRedaction redaction, int payloadMax) {
            this.redaction = redaction;
            this.payloadMax = payloadMax;
        }
    }

    HttpAttempts(EgressHandler handler, PolicyHolder policy, PayloadPreview payloads, LookupMemory lookups, Settings settings, CallSites callSites) {
        this.callSites = callSites;
        this.handler = handler;
        this.policy = policy;
        this.payloads = payloads;
        this.lookups = lookups;
        this.redaction = settings.redaction;
        this.keep = Math.max(settings.payloadMax, DECODE_INPUT);
    }

    IOException onUrlConnection(Object connection) {
        EgressBlockedException earlier = refusedConnections.get(connection);
        if (earlier != null) {
            // The app calls again on a connection already refused (connect() then getInputStream,
            // say): the same attempt, so the same refusal and no second record.
            return new EgressBlockedException(earlier.host(), earlier.port(), earlier.rule(), earlier.eventId());
        }
        UrlConnectionReader reader = urlReader();
        HttpCall call = reader.target(connection);
        IOException block = decideAndRecord(API_URL_CONNECTION, call, connection, null);
        if (block instanceof EgressBlockedException) {
            refusedConnections.put(connection, (EgressBlockedException) block);
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
            if (t == null || handler.actionOf(t.decision) != Action.BLOCKED || !reader.buffered(connection) || withAddress(t) == null) {
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
        HttpClientReader reader = clientReader();
        IOException block = decideAndRecord(API_HTTP_CLIENT, reader.target(request), null, request);
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
        return decideAndRecord(API_OKHTTP, reader.target(call), null, call, call);
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

    private IOException decideAndRecord(String api, HttpCall call, Object connection, Object request) {
        return decideAndRecord(api, call, connection, request, null);
    }

    /**
     * {@code connection}: an HttpURLConnection; else {@code request}: the HttpClient's request or the OkHttp call.
     * {@code siteCarrier}: the object an enqueue remembered the caller's stack with, or null; looked up only
     * for an attempt that is recorded (the lookup is a synchronized map's, once per allowed call otherwise).
     */
    private IOException decideAndRecord(String api, HttpCall call, Object connection, Object request, Object siteCarrier) {
        Target t = decide(call);
        if (t == null) {
            return null; // left to the lookup and connect hooks
        }
        Action action = handler.actionOf(t.decision);
        if (action == Action.ALLOWED && !handler.recordsAllowed()) {
            return null;
        }
        t = withAddress(t);
        if (t == null) {
            return null; // not a literal after all: left to the lookup and connect hooks
        }
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
        long now = System.nanoTime();
        CallSite site = siteCarrier != null ? callSites.of(siteCarrier) : null;
        String id = handler.record(api, call.host, t.address, call.port, t.decision, action, payloadOf(call), requestOf(call), now, site);
        lookups.rememberRequest(t.memoryKey, action, now);
        return action == Action.BLOCKED ? new EgressBlockedException(call.host, call.port, t.decision.rule(), id) : null;
    }

    /**
     * The decision for the URL's host, before the client looks anything up. A name rule decides a
     * name (no query leaves for a refused one); an IP literal is decided as the address. Any other
     * name depends on its address: it is looked up here, as the client is about to do (whose own
     * lookup then hits the JDK's cache). A name that does not resolve is left to the client to fail.
     */
    private Target decide(HttpCall call) {
        if (call.host == null || call.host.isEmpty()) {
            return null;
        }
        Policy p = policy.get();
        try {
            if (Destinations.isIpLiteral(call.host)) {
                // Decided on its text. The address and its canonical form are made only for an
                // attempt that is refused or recorded (withAddress): parsing the literal and printing
                // it back, twice per HttpURLConnection request, was most of the agent's samples in an
                // allowed keep-alive loop to 127.0.0.1.
                return new Target(p.decide(call.host, null, call.port), null, null, call.host);
            }
            Decision byName = p.decideByName(call.host, call.port);
            if (byName != null) {
                return new Target(byName, null, call.host, null);
            }
            InetAddress resolved = InetAddress.getByName(call.host);
            return new Target(p.decide(call.host, resolved, call.port), resolved, call.host, null);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private Request requestOf(HttpCall call) {
        Request r = new Request();
        r.method = call.method;
        r.url = call.url;
        r.headers = redaction.apply(call.headers);
        return r;
    }

    private Payload payloadOf(HttpCall call) {
        if (call.bodySize == 0 && call.body == null) {
            return null; // no body: nothing to preview
        }
        return payloads.ofBody(call.body, call.bodyLength, call.bodySize, call.bodySha256,
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

    /**
     * A target whose address is needed (refused or recorded): an IP literal's is parsed now (never
     * queried); null when the literal does not parse, which leaves the attempt to the lookup and
     * connect hooks as before.
     */
    private static Target withAddress(Target t) {
        if (t.literal == null) {
            return t;
        }
        try {
            InetAddress parsed = InetAddress.getByName(t.literal);
            return new Target(t.decision, parsed, parsed.getHostAddress(), null);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A decision with the address it was made on (null: by name) and the key it is remembered by; for
     * an IP literal not yet parsed, {@code literal} instead of the two (see {@link #withAddress}).
     */
    private static final class Target {
        final Decision decision;
        final InetAddress address;
        final String memoryKey;
        final String literal;

        Target(Decision decision, InetAddress address, String memoryKey, String literal) {
            this.decision = decision;
            this.address = address;
            this.memoryKey = memoryKey;
            this.literal = literal;
        }
    }
}
