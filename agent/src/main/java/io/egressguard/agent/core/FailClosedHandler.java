package io.egressguard.agent.core;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.bootstrap.GateHandler;
import io.egressguard.policy.LocalNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Used when the agent could not start properly: loopback, localhost and this host's own name only
 * (as {@code Policy.failClosed}), nothing recorded.
 */
final class FailClosedHandler implements GateHandler {
    private final String rule;
    private final AgentLog log;

    FailClosedHandler(String reason, AgentLog log) {
        this.rule = "fail-closed: agent start-up failed (" + reason + ")";
        this.log = log;
    }

    @Override
    public IOException onConnect(InetAddress address, int port) {
        return local(address) ? null : new EgressBlockedException(address.getHostAddress(), port, rule, null);
    }

    private static boolean local(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || LocalNames.isOwnName(Destinations.hostOf(a));
    }

    @Override
    public IOException onDatagram(InetSocketAddress target, ByteBuffer data) {
        InetAddress a = target.getAddress();
        return a != null && local(a) ? null : new EgressBlockedException(target.getHostString(), target.getPort(), rule, null);
    }

    @Override
    public IOException onLookup(String host) {
        return LocalNames.isLocal(host) || Destinations.isIpLiteral(host) ? null : new EgressBlockedLookupException(host, rule, null);
    }

    /** HTTP calls are left to the connect and lookup hooks, which fail closed. */
    @Override
    public IOException onHttpUrlConnection(Object connection) {
        return null;
    }

    @Override
    public java.io.OutputStream onHttpUrlOutput(Object connection) {
        return null;
    }

    @Override
    public IOException onHttpClient(Object request, boolean async) {
        return null;
    }

    @Override
    public IOException onOkHttpCall(Object call) {
        return null;
    }

    @Override
    public void onCallSite(Object key) {
    }

    @Override
    public void onNettyConnectStart(java.net.SocketAddress remote) {
    }

    /** Netty's NIO connects reach the socket hook, which fails closed. */
    @Override
    public boolean onNetty(java.net.SocketAddress remote, Object promise, boolean beforeResolve) {
        return false;
    }

    @Override
    public void onFailure(String hook, Throwable failure) {
        log.warn("internal error in the " + hook + " hook: " + failure);
    }
}
