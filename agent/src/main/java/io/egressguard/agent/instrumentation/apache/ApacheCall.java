package io.egressguard.agent.instrumentation.apache;

/**
 * One execute's arguments: a classic request (or an async request producer) and the target host
 * it was given, or null when the request's own URI names it.
 */
final class ApacheCall {
    final Object request;
    final Object target;
    final boolean async;
    /** The async producer's request and entity, read once (sendRequest hands them over). */
    Object producedRequest;
    Object producedEntity;

    ApacheCall(Object request, Object target, boolean async) {
        this.request = request;
        this.target = target;
        this.async = async;
    }
}
