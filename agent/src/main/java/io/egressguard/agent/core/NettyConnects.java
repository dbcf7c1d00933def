package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.policy.Decision;
import io.egressguard.event.Action;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Netty connects (4.1, 4.2; every transport). Before Netty's resolver a name the policy refuses by
 * name is refused, so no query leaves; as the connect leaves the pipeline the resolved address is
 * decided. A refusal fails the connect promise, which is how Netty reports any connect failure. The
 * record carries the stack of the code that called Bootstrap.connect (remembered per channel: the
 * event loop's own stack is Netty's), and is remembered so the socket hook adds no second record.
 */
final class NettyConnects {
    static final String API_NETTY = "netty";

    private final EgressHandler handler;
    private final PolicyHolder policy;
    private final LookupMemory lookups;
    private final CallSites callSites;
    /** Set between Bootstrap.doResolveAndConnect's entry and the init it makes, on the app's thread. */
    private final ThreadLocal<Boolean> stackNotNeeded = new ThreadLocal<>();
    private final ClassValue<PromiseApi> apis = new ClassValue<PromiseApi>() {
        @Override
        protected PromiseApi computeValue(Class<?> promiseClass) {
            try {
                return new PromiseApi(promiseClass.getClassLoader());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("unknown Netty API next to " + promiseClass.getName() + ": " + e, e);
            }
        }
    };

    NettyConnects(EgressHandler handler, PolicyHolder policy, LookupMemory lookups, CallSites callSites) {
        this.handler = handler;
        this.policy = policy;
        this.lookups = lookups;
        this.callSites = callSites;
    }

    /**
     * Bootstrap.doResolveAndConnect, on the app's thread, before the Bootstrap.init (nested in it)
     * that remembers the caller's stack: when the address is already resolved and allowed, and
     * record is not all, the connect leaves no record, so init need not capture. An unresolved name
     * is decided again by its address after Netty's resolver: always captured.
     */
    void onConnectStart(SocketAddress remote) {
        boolean notNeeded = !(remote instanceof InetSocketAddress) // not egress: never recorded
                || (((InetSocketAddress) remote).getAddress() != null && !CallerStackNeed.needed(policy.get(), null,
                        ((InetSocketAddress) remote).getAddress(), ((InetSocketAddress) remote).getPort(), handler.recordsAllowed()));
        if (notNeeded) {
            stackNotNeeded.set(Boolean.TRUE);
        } else {
            stackNotNeeded.remove();
        }
    }

    /**
     * At Bootstrap.init: true when onConnectStart found the stack useless. Consumed, so a channel
     * registered later without connect (Bootstrap.register) captures as before.
     */
    boolean takeStackNotNeeded() {
        if (stackNotNeeded.get() == null) {
            return false;
        }
        stackNotNeeded.remove();
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
        if (address == null) {
            // Unresolved: only a rule that decides by name acts (no query leaves for it); any other
            // name is decided when the connect leaves the pipeline with its address.
            host = target.getHostString();
            if (Destinations.isIpLiteral(host) || (d = policy.get().decideByName(host, port)) == null) {
                return false;
            }
        } else if (beforeResolve) {
            return false; // already an address: decided at the pipeline's head
        } else {
            host = Destinations.hostOf(address);
            d = policy.get().decide(host, address, port);
        }
        Action action = handler.actionOf(d);
        if (action == Action.ALLOWED && !handler.recordsAllowed()) {
            return false;
        }
        PromiseApi api = apis.get(promise.getClass());
        Object channel = api.channel.invoke(promise);
        long now = System.nanoTime();
        String id = handler.record(API_NETTY, host, address, port, d, action, null, null, now, callSites.of(channel));
        lookups.rememberRequest(host != null ? host : address.getHostAddress(), action, now);
        if (action != Action.BLOCKED) {
            return false;
        }
        if (beforeResolve) {
            api.close.invoke(channel); // what Bootstrap does when resolution fails
        }
        api.tryFailure.invoke(promise, new EgressBlockedException(host != null ? host : address.getHostAddress(), port, d.rule(), id));
        return true;
    }

    /** Netty's public interfaces, from the promise's own loader. */
    private static final class PromiseApi {
        final Method channel;
        final Method tryFailure;
        final Method close;

        PromiseApi(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> promise = Class.forName("io.netty.channel.ChannelPromise", false, loader);
            channel = promise.getMethod("channel");
            tryFailure = promise.getMethod("tryFailure", Throwable.class);
            close = Class.forName("io.netty.channel.Channel", false, loader).getMethod("close");
        }
    }
}
