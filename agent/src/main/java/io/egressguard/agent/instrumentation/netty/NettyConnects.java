package io.egressguard.agent.instrumentation.netty;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.bootstrap.Gate;
import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.PayloadCapture;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.agent.capture.http.HttpHeadParser;
import io.egressguard.agent.engine.Attempt;
import io.egressguard.agent.engine.CallSites;
import io.egressguard.agent.engine.Destinations;
import io.egressguard.agent.engine.DecidingCaller;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.HttpAttempts;
import io.egressguard.policy.Decision;
import io.egressguard.policy.Policy;
import io.egressguard.event.Action;
import io.egressguard.event.Api;
import io.egressguard.event.Request;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Netty connects (4.1, 4.2; every transport). Before Netty's resolver a name the policy refuses by
 * name is refused, so no query leaves; as the connect leaves the pipeline the resolved address is
 * decided. A refusal fails the connect promise, which is how Netty reports any connect failure. The
 * record carries the stack of the code that called Bootstrap.connect (remembered per channel: the
 * event loop's own stack is Netty's), and is remembered so the socket hook adds no second record.
 * Netty's own DNS resolver (Reactor Netty, Vert.x) is refused by name before any query. A monitored
 * connection is recorded once, at its first flush, with the bytes written until then.
 */
final class NettyConnects {
    /** Monitored connections waiting for their first flush, beyond which the oldest is recorded without bytes. */
    static final int MAX_PENDING = 1024;

    private final Engine engine;
    private final CallSites callSites;
    private final int keep;
    /** Monitored channels kept at most: MAX_PENDING, fewer when their first bytes would not fit in table.bytes. */
    private final int maxMonitored;
    /** Set between Bootstrap.doResolveAndConnect's entry and the register it makes, on the app's thread. */
    private final ThreadLocal<Boolean> stackNotNeeded = new ThreadLocal<>();
    /** Monitored channels (weakly, by identity: Netty's channels keep Object's equals) and what they wrote so far. */
    private final Map<Object, Monitored> monitored = Collections.synchronizedMap(new WeakHashMap<Object, Monitored>());

    NettyConnects(Engine engine) {
        this.engine = engine;
        this.callSites = engine.callSites();
        this.keep = engine.settings().payloadMax();
        // a watched channel holds up to payload.max first bytes and its stack
        this.maxMonitored = engine.settings().entries(keep + HttpAttempts.PENDING_BYTES, 16, MAX_PENDING);
    }

    /**
     * Bootstrap.doResolveAndConnect, on the app's thread, before the channel registration (nested in
     * it) that remembers the caller's stack: when the address is already resolved and allowed, and
     * record is not all, the connect leaves no record, so the registration need not capture. An
     * unresolved name is decided again by its address after Netty's resolver: always captured.
     */
    void onConnectStart(SocketAddress remote) {
        boolean notNeeded = !(remote instanceof InetSocketAddress) // not egress: never recorded
                || (((InetSocketAddress) remote).getAddress() != null && !engine.callerStackNeeded(null,
                        ((InetSocketAddress) remote).getAddress(), ((InetSocketAddress) remote).getPort()));
        if (notNeeded) {
            stackNotNeeded.set(Boolean.TRUE);
        } else {
            stackNotNeeded.remove();
        }
    }

    /**
     * A channel being registered, on the thread that made it: remember that code's stack for the
     * resolve and connect the event loop does next. Channels a server accepted (they have a parent)
     * are not egress; a Bootstrap.connect sure to be allowed and unrecorded needs no stack.
     */
    void onRegister(Object promise) throws ReflectiveOperationException {
        boolean notNeeded = stackNotNeeded.get() != null;
        if (notNeeded) {
            stackNotNeeded.remove(); // consumed: a later Bootstrap.register without connect captures
        }
        NettyApi api = NettyApi.of(promise);
        Object channel = api.channelOfPromise.invoke(promise);
        if (notNeeded || channel == null || api.parent.invoke(channel) != null || callSites.of(channel) != null) {
            return;
        }
        callSites.put(channel, callSites.here());
    }

    /**
     * Netty's DNS resolver is about to resolve {@code host}: only a rule that decides by name acts
     * (no query leaves for a refused name); any other name is decided at connect by its address.
     */
    boolean onDns(String host, Object promise) throws ReflectiveOperationException {
        if (host.isEmpty()) {
            return false;
        }
        EgressBlockedLookupException refusal = engine.lookup(Api.NETTY_DNS, host, null);
        if (refusal == null) {
            return false;
        }
        NettyApi.of(promise).tryFailure.invoke(promise, refusal);
        return true;
    }

    /** True when refused: the promise has failed (and, before the resolver, the channel is closed). */
    boolean onConnect(SocketAddress remote, Object promise, boolean beforeResolve) {
        try {
            return decide(remote, promise, beforeResolve);
        } catch (ReflectiveOperationException e) {
            // The gate lets the connect through; for NIO the socket hook still refuses it.
            throw new IllegalStateException("cannot fail the Netty connect promise: " + e, e);
        }
    }

    private boolean decide(SocketAddress remote, Object promise, boolean beforeResolve) throws ReflectiveOperationException {
        if (!(remote instanceof InetSocketAddress)) {
            return false; // a Unix-domain or in-VM address: not egress
        }
        InetSocketAddress target = (InetSocketAddress) remote;
        InetAddress address = target.getAddress();
        int port = target.getPort();
        String host;
        Decision d;
        Policy p = engine.policy();
        DecidingCaller who;
        if (address == null) {
            // Unresolved: only a rule that decides by name acts (no query leaves for it); any other
            // name is decided when the connect leaves the pipeline with its address.
            host = target.getHostString();
            if (Destinations.isIpLiteral(host)) {
                return false;
            }
            who = callerOf(p, promise, host, null);
            if ((d = p.decideByName(host, port, who)) == null) {
                engine.callers().letThrough(who);
                return false;
            }
        } else if (beforeResolve) {
            return false; // already an address: decided at the pipeline's head
        } else {
            host = Destinations.hostOf(address);
            who = callerOf(p, promise, host, address);
            d = p.decide(host, address, port, who);
        }
        Action action = engine.actionOf(d);
        if (action != Action.BLOCKED) {
            engine.callers().letThrough(who); // the event loop's lookup and socket connect are this attempt
        }
        if (action == Action.ALLOWED && !engine.recordsAllowed()) {
            return false;
        }
        NettyApi api = NettyApi.of(promise);
        Object channel = api.channelOfPromise.invoke(promise);
        long now = System.nanoTime();
        engine.lookups().rememberRequest(host != null ? host : address.getHostAddress(), action, now);
        if (action == Action.MONITORED && !beforeResolve) {
            // Proceeds: recorded once, at the first flush, with the bytes written until then.
            CallSite site = callSites.of(channel);
            watch(channel, new Monitored(host, address, port, d, site != null ? site : callSites.here(), new FirstBytes(keep)));
            return false;
        }
        String id = engine.record(Attempt.of(Api.NETTY, host, address, port, d, action).site(callSites.of(channel)));
        if (action != Action.BLOCKED) {
            return false;
        }
        if (beforeResolve) {
            api.close.invoke(channel); // what Bootstrap does when resolution fails
        }
        api.tryFailureChannel.invoke(promise, new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), id));
        return true;
    }

    /** Under a policy with from-rules, the caller is the code whose stack the channel kept (else none is asked). */
    private DecidingCaller callerOf(Policy p, Object promise, String host, InetAddress address) throws ReflectiveOperationException {
        if (!p.hasFromRules()) {
            return null;
        }
        return engine.callers().of(p, NettyApi.of(promise).channelOfPromise.invoke(promise), host, address);
    }

    private void watch(Object channel, Monitored m) {
        Monitored oldest = null;
        synchronized (monitored) {
            if (monitored.size() >= maxMonitored) {
                Iterator<Map.Entry<Object, Monitored>> it = monitored.entrySet().iterator();
                oldest = it.next().getValue();
                it.remove();
            }
            monitored.put(channel, m);
            Gate.watching(true);
        }
        if (oldest != null) {
            record(oldest);
        }
    }

    /** A message leaves a pipeline: kept (a copy) when its channel is a monitored one still before its first flush. */
    void onWrite(Object context, Object message) throws ReflectiveOperationException {
        NettyApi api = NettyApi.of(context);
        Monitored m = monitored.get(api.channelOfContext.invoke(context));
        if (m != null && message != null) {
            synchronized (m) {
                api.copyReadable(message, m.bytes);
            }
        }
    }

    /** A pipeline flushes (or closes): a monitored channel's first bytes are complete, and recorded. */
    void onFlush(Object context) throws ReflectiveOperationException {
        Object channel = NettyApi.of(context).channelOfContext.invoke(context);
        Monitored m;
        synchronized (monitored) {
            m = monitored.remove(channel);
            if (monitored.isEmpty()) {
                Gate.watching(false);
            }
        }
        if (m != null) {
            record(m);
        }
    }

    private void record(Monitored m) {
        PayloadCapture payload = null;
        Request request = null;
        synchronized (m) {
            FirstBytes b = m.bytes;
            if (b.size() > 0) {
                HttpCall head = HttpHeadParser.parse(b.kept(), b.keptLength(), m.host != null ? m.host : m.address.getHostAddress(), m.port);
                payload = engine.payloads().captureBody(b.kept(), b.keptLength(), b.size(), b.sha256Hex(), null, null);
                if (head != null) {
                    request = engine.http().requestOf(head);
                    payload.payload().contentType = head.header("Content-Type");
                    payload.payload().contentEncoding = head.header("Content-Encoding");
                }
            }
        }
        engine.record(Attempt.of(Api.NETTY, m.host, m.address, m.port, m.decision, Action.MONITORED).request(request).payload(payload).site(m.site));
    }

    /** A monitored connection until its first flush. */
    private static final class Monitored {
        final String host;
        final InetAddress address;
        final int port;
        final Decision decision;
        final CallSite site;
        final FirstBytes bytes;

        Monitored(String host, InetAddress address, int port, Decision decision, CallSite site, FirstBytes bytes) {
            this.host = host;
            this.address = address;
            this.port = port;
            this.decision = decision;
            this.site = site;
            this.bytes = bytes;
        }
    }
}
