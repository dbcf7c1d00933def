package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.bootstrap.GateHandler;
import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.EventParts;
import io.egressguard.agent.capture.PayloadCapture;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.policy.Verdict;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventIds;
import io.egressguard.event.JvmInfo;
import io.egressguard.event.Request;
import java.io.IOException;
import java.lang.StackWalker.StackFrame;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides each attempt the gate reports, records what must be recorded, and hands back the block.
 * The allowed path (the common one) asks the policy and returns: no capture, no event.
 */
final class EgressHandler implements GateHandler {
    static final String API_SOCKET = "socket";
    static final String API_UDP = "udp";
    static final String API_DNS = "dns";

    private final PolicyHolder policy;
    private final boolean monitorOnly;
    private final boolean recordAllowed;
    private final StackCapture stacks;
    private final PayloadPreview payloads;
    private final RepeatFolder folder;
    private final LookupMemory lookups = new LookupMemory();
    private final JvmInfo jvm;
    private final AgentLog log;
    /** A failure while recording has been said (once: it may repeat for every attempt). */
    private volatile boolean recordingFailureTold;
    private final HttpAttempts http;
    private final CallSites callSites;
    private final NettyConnects netty;
    private final AllowedConnects connects = new AllowedConnects();

    EgressHandler(PolicyHolder policy, boolean monitorOnly, boolean recordAllowed, StackCapture stacks,
                  PayloadPreview payloads, RepeatFolder folder, JvmInfo jvm, AgentLog log, HttpAttempts.Settings httpSettings) {
        this.policy = policy;
        this.monitorOnly = monitorOnly;
        this.recordAllowed = recordAllowed;
        this.stacks = stacks;
        this.payloads = payloads;
        this.folder = folder;
        this.jvm = jvm;
        this.log = log;
        this.callSites = new CallSites(stacks);
        this.http = new HttpAttempts(this, policy, payloads, lookups, httpSettings, callSites, connects);
        // a watched channel holds up to payload.max first bytes and its stack
        this.netty = new NettyConnects(this, policy, lookups, callSites, payloads, httpSettings.redaction, httpSettings.payloadMax,
                httpSettings.entries(httpSettings.payloadMax + HttpAttempts.PENDING_BYTES, 16, NettyConnects.MAX_PENDING));
    }

    @Override
    public IOException onConnect(InetAddress address, int port) {
        String host = Destinations.hostOf(address);
        Policy p = policy.get();
        Decision d = p.decide(host, address, port);
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            if (host != null) {
                connects.allowed(host, port, p);
            }
            return null;
        }
        try {
            return recordConnect(host, address, port, d, action);
        } catch (Throwable bug) {
            return unrecorded("connect", bug, action, new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), null));
        }
    }

    private IOException recordConnect(String host, InetAddress address, int port, Decision d, Action action) {
        if (host != null) {
            connects.recorded(host);
        }
        long now = System.nanoTime();
        String id = null;
        // An IP-literal URL's connect carries no name: the HTTP hook remembered the literal.
        if (!lookups.recordedRecently(host != null ? host : address.getHostAddress(), action, now)) {
            // A request whose name only its address decides waited for this connect.
            HttpAttempts.Pending request = host != null ? http.takePending(host, now) : null;
            if (request == null) {
                return recordAttempt(API_SOCKET, host, address, port, d, action, null, null, now, null).block();
            }
            id = http.recordPending(request, address, port, d, action, now);
        }
        return action == Action.BLOCKED ? new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), id) : null;
    }

    @Override
    public IOException onDatagram(InetSocketAddress target, ByteBuffer data) {
        InetAddress address = target.getAddress();
        String host = address != null ? Destinations.hostOf(address) : target.getHostString();
        Decision d = policy.get().decide(host, address, target.getPort());
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            return null;
        }
        try {
            long now = System.nanoTime();
            // host is the target's name when it has no address
            return recordAttempt(API_UDP, host, address, target.getPort(), d, action, payloads.capture(data), null, now, null).block();
        } catch (Throwable bug) {
            return unrecorded("datagram", bug, action, new EgressBlockedException(host, target.getPort(), d.rule(), null));
        }
    }

    @Override
    public IOException onLookup(String host) {
        if (Destinations.isIpLiteral(host)) {
            return null;
        }
        // Only a rule that decides by name acts here, before any query leaves; everything else is
        // decided at connect time, by the name the address carries or by the address itself.
        Decision d = policy.get().decideByName(host, -1);
        if (d == null) {
            return null;
        }
        Action action = actionOf(d);
        if (action == Action.ALLOWED && !recordAllowed) {
            return null;
        }
        String id = null;
        try {
            long now = System.nanoTime();
            if (!lookups.requestRecordedRecently(host, action, now)) { // else an HTTP hook recorded this attempt
                id = record(API_DNS, host, null, -1, d, action, null, null, now);
                lookups.remember(host, action, now);
            }
        } catch (Throwable bug) {
            return unrecorded("lookup", bug, action, new EgressBlockedLookupException(host, d.rule(), null));
        }
        return action == Action.BLOCKED ? new EgressBlockedLookupException(host, d.rule(), id) : null;
    }

    /**
     * A failure while recording must not cost the decision: the gate lets a call through when its
     * handler throws, so a denied attempt whose record failed (an agent bug, the heap full) is
     * refused here all the same, counted as dropped, and the failure said once.
     */
    private IOException unrecorded(String hook, Throwable bug, Action action, IOException block) {
        try {
            folder.lost(1);
            if (!recordingFailureTold) {
                recordingFailureTold = true;
                log.warn("internal error while recording in the " + hook + " hook: " + bug
                        + "; the attempt is still decided by the policy and counted as dropped");
            }
        } catch (Throwable ignored) {
            // the block below is what matters
        }
        return action == Action.BLOCKED ? block : null;
    }

    @Override
    public IOException onHttpUrlConnection(Object connection) {
        return http.onUrlConnection(connection);
    }

    @Override
    public OutputStream onHttpUrlOutput(Object connection) {
        return http.onUrlOutput(connection);
    }

    @Override
    public IOException onHttpClient(Object request, boolean async) {
        return http.onClient(request, async);
    }

    @Override
    public IOException onOkHttpCall(Object call) {
        return http.onOkHttp(call);
    }

    @Override
    public void onCallSite(Object key) {
        if (http.isOkHttpCall(key) && !http.okHttpNeedsCallerStack(key)) {
            return; // sure to be allowed and not recorded: the stack would never be used
        }
        callSites.remember(key);
    }

    @Override
    public void onCallSiteFor(String host, int port, Object key) {
        if (host == null) {
            onCallSite(key);
            return;
        }
        Policy p = policy.get();
        if (!CallerStackNeed.needed(p, host, null, port, recordAllowed)) {
            return; // sure to be allowed and not recorded: the stack would never be used
        }
        if (!recordAllowed && connects.lastAllowed(host, port, p) && callSites.rememberWaiter(key)) {
            // Most likely connects to the address let through last time, unrecorded: the stack is
            // read from the caller, waiting in a blocking send, only if this connect is recorded.
            return;
        }
        callSites.remember(key);
    }

    @Override
    public boolean onNettyDns(String host, Object promise) {
        try {
            return netty.onDns(host, promise);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot fail Netty's resolve promise: " + e, e);
        }
    }

    @Override
    public void onNettyRegister(Object promise) {
        try {
            netty.onRegister(promise);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the Netty channel: " + e, e);
        }
    }

    @Override
    public void onResumeCallSite(Object carrier) {
        callSites.resume(carrier);
    }

    @Override
    public void onNettyWrite(Object context, Object message) {
        try {
            netty.onWrite(context, message);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read a Netty write: " + e, e);
        }
    }

    @Override
    public void onNettyFlush(Object context) {
        try {
            netty.onFlush(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read a Netty flush: " + e, e);
        }
    }

    @Override
    public void onNettyConnectStart(SocketAddress remote) {
        netty.onConnectStart(remote);
    }

    @Override
    public boolean onNetty(SocketAddress remote, Object promise, boolean beforeResolve) {
        return netty.onConnect(remote, promise, beforeResolve);
    }

    @Override
    public void onFailure(String hook, Throwable failure) {
        log.warn("internal error in the " + hook + " hook, the call was let through: " + failure);
    }

    Action actionOf(Decision d) {
        Verdict v = d.verdict();
        if (v == Verdict.ALLOW) {
            return Action.ALLOWED;
        }
        if (v == Verdict.MONITOR || monitorOnly) {
            return Action.MONITORED;
        }
        return Action.BLOCKED;
    }

    boolean recordsAllowed() {
        return recordAllowed;
    }

    String record(String api, String host, InetAddress address, int port, Decision d, Action action, PayloadCapture payload, Request request, long now) {
        return record(api, host, address, port, d, action, payload, request, now, null);
    }

    /**
     * Folds or records an attempt. The stack stays raw and the payload's previews unmade: the journal
     * writer fills them in when it encodes the event ({@link EventParts}).
     *
     * @param site the stack of the code that made the call when it ran on another thread, or null: this thread's
     */
    String record(String api, String host, InetAddress address, int port, Decision d, Action action, PayloadCapture payload, Request request, long now, CallSite site) {
        return recorded(api, host, address, port, d, action, payload, request, now, site, false).id();
    }

    /** {@link #record(String, String, InetAddress, int, Decision, Action, PayloadCapture, Request, long, CallSite)}, for a caller that throws its {@link Attempt#block()}. */
    Attempt recordAttempt(String api, String host, InetAddress address, int port, Decision d, Action action, PayloadCapture payload, Request request, long now, CallSite site) {
        return recorded(api, host, address, port, d, action, payload, request, now, site, true);
    }

    private Attempt recorded(String api, String host, InetAddress address, int port, Decision d, Action action, PayloadCapture payload, Request request,
            long now, CallSite site, boolean throwsBlock) {
        Attempt a = attempt(api, host, address, port, d, action, request != null ? request.method + " " + request.url : null, site, now, throwsBlock);
        if (a.repeatOf == null) {
            record(a, payload, request, now);
        }
        return a;
    }

    /**
     * An attempt with its stack (this thread's when {@code site} is null), counted into the fold
     * window of an earlier record when it repeats one ({@link Attempt#repeatOf}), else to record.
     * The fold is decided as soon as the stack walk finds the culprit: a repeat walks no further.
     *
     * @param requestLine the request's method and URL, or null: not an HTTP request
     * @param throwsBlock the caller throws {@link Attempt#block()} if the attempt is blocked: its
     *                    exception is then made during the capture and carries the recorded stack
     */
    Attempt attempt(String api, String host, InetAddress address, int port, Decision d, Action action, String requestLine, CallSite site, long now,
            boolean throwsBlock) {
        Attempt a = new Attempt(api, host, address != null ? address.getHostAddress() : null, port, d, action, requestLine, now,
                throwsBlock && action == Action.BLOCKED);
        a.site = site != null ? site : callSites.here(folder.folds() ? a : null, a);
        if (folder.folds() && a.key == null) {
            a.fold(a.site.culpritKey()); // a remembered stack, or a culprit that is no app code
        }
        return a;
    }

    /** Records an attempt that is no repeat: builds its event and hands it to the journal ({@link Attempt#id()}). */
    void record(Attempt a, PayloadCapture payload, Request request, long now) {
        Event e = new Event();
        long wall = System.currentTimeMillis();
        e.id = a.thrown != null ? a.thrown.eventId() : EventIds.next(wall);
        a.recordId = e.id;
        Instant t = Instant.now();
        e.time = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        e.action = a.action;
        e.rule = a.decision.rule();
        e.severity = a.decision.severity();
        e.vendor = a.decision.vendor();
        e.api = a.api;
        e.host = a.host;
        e.port = a.port;
        e.ip = a.ip;
        e.thread = Thread.currentThread().getName();
        e.jvm = jvm;
        e.payload = payload != null ? payload.payload() : null;
        e.request = request;
        e.defer(new EventParts(a.site, payload));
        folder.record(e, a.key, now);
    }

    /**
     * Where an attempt went, the decision, who made it, and its fold key (null when nothing folds).
     * As a predicate, it folds the attempt by its culprit while the stack is walked: true (walk no
     * further) when it is a repeat. As a supplier, it makes the backtrace a recorded stack is read
     * from: for a blocked attempt whose caller throws {@link #block()}, that exception itself, so
     * that the JVM fills in the caller's stack once (the costliest step of a recorded attempt).
     */
    final class Attempt implements Predicate<StackFrame>, Supplier<Throwable> {
        final String api;
        final String host;
        final String ip;
        final int port;
        final Decision decision;
        final Action action;
        private final String requestLine;
        private final long now;
        CallSite site;
        String key;
        /** The record this attempt was counted into as a repeat, or null: record it. */
        String repeatOf;
        /** The id of this attempt's own record, once recorded. */
        String recordId;
        /** The caller throws {@link #block()}: the capture makes it. */
        private final boolean throwsBlock;
        /** The exception made during the capture, with the id its record will have; or null. */
        EgressBlockedException thrown;

        Attempt(String api, String host, String ip, int port, Decision decision, Action action, String requestLine, long now, boolean throwsBlock) {
            this.api = api;
            this.host = host;
            this.ip = ip;
            this.port = port;
            this.decision = decision;
            this.action = action;
            this.requestLine = requestLine;
            this.now = now;
            this.throwsBlock = throwsBlock;
        }

        @Override
        public Throwable get() {
            if (!throwsBlock) {
                return new Throwable();
            }
            thrown = blocked(EventIds.next(System.currentTimeMillis()));
            return thrown;
        }

        /** The record this attempt went into: its own, or the one it repeats. */
        String id() {
            return repeatOf != null ? repeatOf : recordId;
        }

        /** What the caller throws: null unless blocked; names {@link #id()}. */
        EgressBlockedException block() {
            if (action != Action.BLOCKED) {
                return null;
            }
            return thrown != null ? thrown : blocked(id());
        }

        private EgressBlockedException blocked(String id) {
            return new EgressBlockedException(host != null ? host : ip, port, decision.rule(), id);
        }

        @Override
        public boolean test(StackFrame culprit) {
            fold(CallSite.keyOf(culprit));
            return repeatOf != null;
        }

        void fold(String culpritKey) {
            StringBuilder k = new StringBuilder(96).append(api).append('|').append(action).append('|').append(host).append('|')
                    .append(ip).append('|').append(port).append('|').append(decision.rule()).append('|').append(culpritKey);
            if (requestLine != null) {
                // Repeats of one request fold; a different endpoint or method is its own record.
                k.append('|').append(requestLine);
            }
            key = k.toString();
            repeatOf = folder.fold(key, now);
        }
    }
}
