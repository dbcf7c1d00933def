package io.egressguard.agent.engine;

/**
 * A thread that calls a client's blocking method ({@link WaitPoint}), with a count of those calls:
 * which call a later connect belongs to, so that its stack is read only while the same call waits.
 */
public final class BlockingCaller {
    final Thread thread;
    final WaitPoint in;
    /** Written by its own thread only. */
    volatile long calls;

    public BlockingCaller(WaitPoint in) {
        this.thread = Thread.currentThread();
        this.in = in;
    }

    /** The thread enters the blocking method again. */
    public void nextCall() {
        calls++;
    }
}
