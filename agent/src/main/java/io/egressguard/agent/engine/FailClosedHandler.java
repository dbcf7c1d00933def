package io.egressguard.agent.engine;

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
 * (as {@code Policy.failClosed}), nothing recorded. Library hooks let their calls through to the
 * JDK's connect and lookup paths, which fail closed.
 */
public final class FailClosedHandler implements GateHandler {
    private final String rule;
    private final AgentLog log;

    public FailClosedHandler(String reason, AgentLog log) {
        this.rule = "fail-closed: agent start-up failed (" + reason + ")";
        this.log = log;
    }

    @Override
    public IOException onConnect(int hook, InetAddress address, int port) {
        return local(address) ? null : new EgressBlockedException(address.getHostAddress(), port, rule, null);
    }

    private static boolean local(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || LocalNames.isOwnName(Destinations.hostOf(a));
    }

    @Override
    public IOException onDatagram(int hook, InetSocketAddress target, ByteBuffer data) {
        InetAddress a = target.getAddress();
        return a != null && local(a) ? null : new EgressBlockedException(target.getHostString(), target.getPort(), rule, null);
    }

    @Override
    public IOException onLookup(int hook, String host) {
        return LocalNames.isLocal(host) || Destinations.isIpLiteral(host) ? null : new EgressBlockedLookupException(host, rule, null);
    }

    @Override
    public IOException onRequest(int hook, Object request, Object b) {
        return null;
    }

    @Override
    public Object onInstead(int hook, Object a, Object b, Object c) {
        return null;
    }

    /** Netty's NIO connects reach the socket hook, which fails closed. */
    @Override
    public boolean onSkip(int hook, Object a, Object b) {
        return false;
    }

    @Override
    public void onHandOver(int hook, String host, int port, Object carrier) {
    }

    @Override
    public void onResume(int hook, Object carrier) {
    }

    @Override
    public void onObserve(int hook, Object a, Object b) {
    }

    @Override
    public void onFailure(int hook, Throwable failure) {
        log.warn("internal error in hook #" + hook + ": " + failure);
    }
}
