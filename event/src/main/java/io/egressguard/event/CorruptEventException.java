package io.egressguard.event;

/** A journal record that cannot be read as an event; the drain reports and skips it. */
public final class CorruptEventException extends Exception {
    public CorruptEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
