package io.egressguard.agent.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What the gate asks the agent. Lives on the boot class path with {@link Gate}, so its signatures
 * use java.base types only; {@code hook} is the id of the woven hook that called, which the agent
 * maps to the library's advice. A method returning an exception returns the block to throw at the
 * caller, or null to let it through; any method may throw for an agent bug, which the gate swallows.
 */
public interface GateHandler {
    IOException onConnect(int hook, InetAddress address, int port);

    IOException onDatagram(int hook, InetSocketAddress target, ByteBuffer data);

    IOException onLookup(int hook, String host);

    /** A library's request is about to start ({@link Gate#request}). */
    IOException onRequest(int hook, Object request, Object b);

    /** Non-null: what the hooked method returns instead of doing its work ({@link Gate#instead}). */
    Object onInstead(int hook, Object a, Object b, Object c);

    /** True: the hooked void method is skipped; the handler did what its caller must see ({@link Gate#skip}). */
    boolean onSkip(int hook, Object a, Object b);

    /** Code on this thread hands {@code carrier} to another thread, to reach {@code host} (null: unknown). */
    void onHandOver(int hook, String host, int port, Object carrier);

    /** A worker takes up the work handed over with {@code carrier}. */
    void onResume(int hook, Object carrier);

    /** A step the handler follows ({@link Gate#observe}, {@link Gate#watched}). */
    void onObserve(int hook, Object a, Object b);

    /** Reports an agent bug caught by the gate; called once, for the first hook that failed. */
    void onFailure(int hook, Throwable failure);
}
