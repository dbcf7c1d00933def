package io.egressguard.agent.engine;

import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.PayloadCapture;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.event.Action;
import io.egressguard.event.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any HTTP client's requests, caught at its API: decides a request by its URL's host before any
 * lookup or connect, records it once with its request and body, and remembers it so the lookup
 * and connect the client then makes (or would have made) add no second record. A host name that
 * only its address decides is never looked up by the agent (the client may use a proxy or its own
 * resolver, and the agent needs no network): the request waits, briefly, for the connect the
 * client makes to the address it resolved, and that connect's decision is recorded with the request.
 */
public final class HttpAttempts {
    /** Compressed bytes kept for the decoded preview, beyond the preview itself. */
    private static final int DECODE_INPUT = 64 * 1024;
    /** How long a request waits for its connect to be decided; the client connects within it or reuses a connection. */
    private static final long PENDING_NANOS = 10_000_000_000L;
    private static final int MAX_PENDING = 4096;
    /** What a waiting request may hold (its caller's stack, the client's request objects), for its share of table.bytes. */
    public static final long PENDING_BYTES = 8192;
    /** decide's answer for a name that only its address decides. */
    private static final Target AWAITS_ADDRESS = new Target(null, null, null);
    /** lastDecision's answer when this thread has none for the request at hand. */
    private static final Target UNDECIDED = new Target(null, null, null);

    /**
     * This thread's last decision. A decision is a function of the policy object (replaced, never
     * changed, on reload), the host and the port; HttpURLConnection asks twice per request and a
     * kept-alive client asks the same again for every request, where parsing the literal and
     * probing the policy's tables were most of the agent's share. It keeps the policy it was made
     * under until the thread asks again after a reload.
     */
    private final ThreadLocal<LastDecision> lastDecision = new ThreadLocal<>();
    private final Engine engine;
    private final PayloadPreview payloads;
    private final HeaderRedaction redaction;
    private final int keep;
    /** The latest request to each name that awaits its address, by lower-case name. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Waiting requests kept at most: MAX_PENDING, fewer on a small heap (table.bytes). */
    private final int maxPending;

    HttpAttempts(Engine engine, Engine.Settings settings) {
        this.engine = engine;
        this.payloads = engine.payloads();
        this.redaction = settings.redaction;
        this.keep = Math.max(settings.payloadMax, DECODE_INPUT);
        this.maxPending = settings.entries(PENDING_BYTES, 64, MAX_PENDING);
    }

    /** Bytes of a body a client's reader keeps for the previews (a compressed body is decoded from them). */
    public int bodyBytesKept() {
        return keep;
    }

    /**
     * Decides a request the client is about to send, and records it unless allowed; the refusal to
     * throw, or null. {@code siteCarrier}: the object a hand-over remembered the caller's stack with,
     * or null; looked up only for an attempt that is recorded. {@code caller}: the calling thread
     * when it will wait in the client's blocking call while another thread connects, else null.
     */
    public IOException request(HttpRequests client, Object request, Object siteCarrier, BlockingCaller caller) throws Throwable {
        HttpCall call = client.target(request);
        Policy p = engine.policy();
        DecidingCaller who = null;
        Target t = lastDecision(call, p);
        if (t == UNDECIDED) {
            who = engine.callers().of(p, siteCarrier, call.host, null);
            t = decide(call, p, who);
        }
        if (t == null) {
            return null; // left to the lookup and connect hooks
        }
        if (t == AWAITS_ADDRESS) {
            if (who != null && p.hasFromIpRules()) {
                who.dependency(); // an IP from-rule decides the connect, maybe on the client's own thread
            }
            engine.callers().letThrough(who);
            awaitAddress(client, call, request, siteOf(siteCarrier), caller);
            return null;
        }
        Action action = engine.actionOf(t.decision);
        if (action != Action.BLOCKED) {
            engine.callers().letThrough(who);
        }
        if (action == Action.ALLOWED && !engine.recordsAllowed()) {
            return null;
        }
        // A repeat folded into an earlier record needs only its key: the headers and body are read
        // (and copied) only for an attempt that is recorded.
        Attempt a = Attempt.of(client.api(), call.host, t.address, call.port, t.decision, action)
                .requestLine(client.method(request) + " " + call.url()).site(siteOf(siteCarrier));
        Engine.Recording r = engine.begin(a, true);
        if (!r.isRepeat()) {
            readRequest(client, call, request);
            r.finish(a.request(requestOf(call)).payload(payloadOf(call)));
        }
        engine.lookups().rememberRequest(t.memoryKey, action, a.at);
        return r.block();
    }

    /** True when the request's URL alone refuses it (a name rule, or an IP literal): no lookup or connect would change that. */
    public boolean refuses(HttpRequests client, Object request) throws Throwable {
        HttpCall call = client.target(request);
        Policy p = engine.policy();
        Target t = lastDecision(call, p);
        if (t == UNDECIDED) {
            t = decide(call, p, engine.callers().of(p, null, call.host, null));
        }
        return t != null && t != AWAITS_ADDRESS && engine.actionOf(t.decision) == Action.BLOCKED;
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
        if (p.site == null && p.caller != null) {
            // A blocking call whose stack was left unread (the name's last connect was let through):
            // the caller still waits in that same call if this connect is its request's; else the
            // request went over a kept-alive connection and this connect is someone else's.
            if (p.caller.calls != p.call) {
                return null;
            }
            p.site = engine.callSites().ofWaiting(p.caller.thread, p.caller.in);
            if (p.site == null) {
                return null;
            }
        }
        return p;
    }

    /** Records a waiting request with the decision its connect got; the connect and its retries add no other record. */
    String recordPending(Pending p, InetAddress address, int port, Decision d, Action action) {
        readRequest(p.client, p.target, p.request);
        Attempt a = Attempt.of(p.client.api(), p.target.host, address, port, d, action)
                .request(requestOf(p.target)).payload(payloadOf(p.target)).site(p.site);
        String id = engine.record(a);
        engine.lookups().rememberRequest(p.target.host, action, a.at);
        return id;
    }

    private CallSite siteOf(Object siteCarrier) {
        return siteCarrier != null ? engine.callSites().of(siteCarrier) : null;
    }

    private void readRequest(HttpRequests client, HttpCall call, Object request) {
        try {
            client.readRequest(request, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // recorded with what was read
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the " + client.api().wireName() + " request: " + e, e);
        }
    }

    /**
     * Keeps the request (unread: reading costs, and most are allowed) for the connect hook. Where
     * the client connects on a thread of its own, the caller's stack goes with it: captured here,
     * but for a blocking call to a name whose last connect was let through unrecorded: that request
     * most likely goes over the same connection, or to the same address, and is not recorded, so
     * its stack is read from the caller (waiting in its call) only if its connect is recorded after
     * all. An async caller does not wait: its stack is always captured here.
     */
    private void awaitAddress(HttpRequests client, HttpCall call, Object request, CallSite site, BlockingCaller caller) {
        BlockingCaller waits = null;
        if (site == null && client.connectsElsewhere()) {
            if (caller != null && !engine.recordsAllowed() && engine.connects().lastAllowed(call.host, call.port, engine.policy())) {
                waits = caller;
            } else {
                site = engine.callSites().captureHere();
            }
        }
        if (pending.size() >= maxPending) {
            pending.clear();
        }
        pending.put(call.host.toLowerCase(Locale.ROOT), new Pending(client, call, request, site, waits, System.nanoTime()));
    }

    /**
     * The decision for the URL's host, before the client looks anything up, without looking
     * anything up: a name rule decides a name (no query leaves for a refused one); an IP literal is
     * decided as the address. Any other name is {@link #AWAITS_ADDRESS}: the client resolves it
     * (or its proxy does), and the connect hook decides the address.
     */
    /**
     * This thread's last decision when it was for this host and port under this policy, else
     * {@link #UNDECIDED}: looked up before a caller is even made, so a kept-alive client's repeats
     * cost what they did before from-rules.
     */
    private Target lastDecision(HttpCall call, Policy p) {
        if (call.host == null || call.host.isEmpty()) {
            return null;
        }
        LastDecision last = lastDecision.get();
        if (last != null && last.policy == p && last.port == call.port && last.host.equals(call.host)) {
            return last.target;
        }
        return UNDECIDED;
    }

    private Target decide(HttpCall call, Policy p, DecidingCaller who) {
        Target t = decide(p, call, who);
        if (who == null || !who.asked()) {
            // a decision a from-rule made holds for its caller only: not kept for the next request
            lastDecision.set(new LastDecision(p, call.host, call.port, t));
        }
        return t;
    }

    private static Target decide(Policy p, HttpCall call, DecidingCaller who) {
        if (Destinations.isIpLiteral(call.host)) {
            InetAddress literal = Policy.literalAddress(call.host);
            if (literal == null) {
                return null; // not a valid literal: the client fails it (or looks it up, and the DNS hook decides)
            }
            return new Target(p.decide(call.host, null, call.port, who), literal, literal.getHostAddress());
        }
        Decision byName = p.decideByName(call.host, call.port, who);
        return byName != null ? new Target(byName, null, call.host) : AWAITS_ADDRESS;
    }

    /** The request as a record carries it: method, URL and headers, redacted. */
    public Request requestOf(HttpCall call) {
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

    /** A request whose host only its address decides, waiting for the client's connect. */
    static final class Pending {
        final HttpRequests client;
        final HttpCall target;
        final Object request;
        /** The caller's stack; null: this thread's, or (with a caller) to be read from the caller. */
        CallSite site;
        /** The thread waiting in the client's blocking call for this request, when its stack was left unread. */
        final BlockingCaller caller;
        /** Which of the caller's calls. */
        final long call;
        final long at;

        Pending(HttpRequests client, HttpCall target, Object request, CallSite site, BlockingCaller caller, long at) {
            this.client = client;
            this.target = target;
            this.request = request;
            this.site = site;
            this.caller = caller;
            this.call = caller != null ? caller.calls : 0;
            this.at = at;
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
}
