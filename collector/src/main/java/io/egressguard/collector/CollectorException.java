package io.egressguard.collector;

/**
 * A failure the user can act on. Its message is the one line the CLI prints: it names the file,
 * option or value concerned and, where possible, what to do.
 */
public class CollectorException extends RuntimeException {
    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
