package io.egressguard.agent.engine;

import io.egressguard.agent.capture.CallSite;
import io.egressguard.agent.capture.PayloadCapture;
import io.egressguard.policy.Decision;
import io.egressguard.event.Action;
import io.egressguard.event.Api;
import io.egressguard.event.Request;
import java.net.InetAddress;

/**
 * One attempt to reach a destination, as a hook saw it and the policy decided it: what the engine
 * records. Made with the destination and decision; the request, payload and the stack of the code
 * that made the call (when it ran on another thread) are added where the hook knows them.
 */
public final class Attempt {
    final Api api;
    /** The name the caller gave, or null: only an address. */
    final String host;
    final InetAddress address;
    /** The address as text, made once: the fold key, the event and a block all name it. */
    final String ip;
    final int port;
    final Decision decision;
    final Action action;
    /** When the hook saw it (System.nanoTime). */
    final long at;
    String requestLine;
    Request request;
    PayloadCapture payload;
    CallSite site;

    private Attempt(Api api, String host, InetAddress address, int port, Decision decision, Action action, long at) {
        this.api = api;
        this.host = host;
        this.address = address;
        this.ip = address != null ? address.getHostAddress() : null;
        this.port = port;
        this.decision = decision;
        this.action = action;
        this.at = at;
    }

    /**
     * @param host    the destination's name as the caller gave it, or null when it gave an address
     * @param address the address, or null when not resolved (refused by name)
     * @param port    the port, or -1 for a lookup
     */
    public static Attempt of(Api api, String host, InetAddress address, int port, Decision decision, Action action) {
        return new Attempt(api, host, address, port, decision, action, System.nanoTime());
    }

    /** The request's method and URL: with the culprit, what tells repeats of one request apart. */
    public Attempt requestLine(String methodAndUrl) {
        this.requestLine = methodAndUrl;
        return this;
    }

    /** The request and its line ({@link #requestLine}). */
    public Attempt request(Request r) {
        this.request = r;
        if (r != null) {
            this.requestLine = r.method + " " + r.url;
        }
        return this;
    }

    public Attempt payload(PayloadCapture p) {
        this.payload = p;
        return this;
    }

    /** The stack of the code that made the call, kept where it handed the work over; null: this thread's. */
    public Attempt site(CallSite s) {
        this.site = s;
        return this;
    }

    /** The destination as a block names it: the host, or the address. */
    String destination() {
        return host != null ? host : ip;
    }
}
