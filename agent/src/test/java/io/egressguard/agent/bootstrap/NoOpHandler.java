package io.egressguard.agent.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** A handler that lets everything through; tests override what they check. */
class NoOpHandler implements GateHandler {
    @Override
    public IOException onConnect(int hook, InetAddress address, int port) {
        return null;
    }

    @Override
    public IOException onDatagram(int hook, InetSocketAddress target, ByteBuffer data) {
        return null;
    }

    @Override
    public IOException onLookup(int hook, String host) {
        return null;
    }

    @Override
    public IOException onRequest(int hook, Object request, Object b) {
        return null;
    }

    @Override
    public Object onInstead(int hook, Object a, Object b, Object c) {
        return null;
    }

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
    }
}
