package io.egressguard.collector.store;

/**
 * One destination as {@code policy suggest} learns it: the attempts of one action to one host (the IP
 * when no host name is known) and port, aggregated by the store.
 *
 * @param destination the lower-cased host, or the IP
 * @param port        -1 when unknown (a refused lookup)
 * @param origins     the distinct culprit Maven coordinates (else jars), comma separated, or null
 */
public record SeenDestination(String destination, int port, String action, long attempts, long firstNanos,
                              long lastNanos, String vendor, String origins) {
}
