package io.egressguard.agent.engine;

/**
 * A library's blocking call in which the caller waits while a worker connects for it (the JDK
 * HttpClient's {@code send}, Jetty's {@code HttpRequest.send}): instead of capturing the caller's
 * stack for every hand-over, the engine keeps the thread, and reads its stack from this call only
 * when the connect is recorded after all.
 */
public final class WaitPoint {
    final String className;
    final String method;

    public WaitPoint(String className, String method) {
        this.className = className;
        this.method = method;
    }
}
