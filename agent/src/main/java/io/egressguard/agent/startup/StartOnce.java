package io.egressguard.agent.startup;

import java.util.concurrent.atomic.AtomicBoolean;

/** Starts the agent's start-up thread the first time the app is about to use the network. */
final class StartOnce implements Runnable {
    private final AtomicBoolean started = new AtomicBoolean();
    private final Runnable startup;

    StartOnce(Runnable startup) {
        this.startup = startup;
    }

    @Override
    public void run() {
        if (started.compareAndSet(false, true)) {
            Thread t = new Thread(null, startup, "egressguard-init", 0, false);
            t.setDaemon(true);
            t.start();
        }
    }
}
