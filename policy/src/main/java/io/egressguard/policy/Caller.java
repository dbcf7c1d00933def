package io.egressguard.policy;

/**
 * Who makes the attempt being decided. {@link Policy#decide(String, java.net.InetAddress, int, Caller)}
 * asks only when a {@code from:} rule sits at a key that matches the destination (and its port), so
 * an implementation may find the answer lazily (walking the stack, say) and should keep it for the
 * rest of the decision: it can be asked more than once.
 */
public interface Caller {
    /**
     * The dependency whose code makes the attempt, or null when the culprit has no Maven coordinates
     * (the application's own classes) or is unknown: then no {@code from:} rule applies.
     */
    Dependency dependency();
}
