package io.egressguard.agent.capture;

import io.egressguard.event.Payload;

/**
 * A payload as the calling thread leaves it: size, digest (when already known) and content headers
 * set, and a copy of the few bytes the rest needs. The text-or-base64 preview, the decompressed
 * preview and a digest still to compute are made by {@link #complete}, on the journal writer when the
 * event is encoded: a blocked call's thread pays only for the copy. What is held is bounded by the
 * preview maximum; a part that would need more (a large compressed or undigested body) is made at
 * capture.
 */
public final class PayloadCapture {
    private final Payload payload;
    /** Volatile for {@link #heldBytes}, read without the lock. */
    private volatile byte[] held;
    /** Bytes of {@link #held} the preview shows. */
    private final int shown;
    /** When the preview of the decompressed body is still to make: the bytes to decompress, else -1. */
    private final int decodeFrom;
    private final String encoding;
    private final int max;
    /** The whole body is {@link #held}, and its digest still to compute. */
    private final boolean digest;
    private boolean done;

    PayloadCapture(Payload payload, byte[] held, int shown, int decodeFrom, String encoding, int max, boolean digest) {
        this.payload = payload;
        this.held = held;
        this.shown = shown;
        this.decodeFrom = decodeFrom;
        this.encoding = encoding;
        this.max = max;
        this.digest = digest;
    }

    /**
     * The event's payload. Its preview fields stay empty until {@link #complete}; the rest may still
     * be set by the caller (a hook that learns the content headers after the body).
     */
    public Payload payload() {
        return payload;
    }

    /** Raw bytes still held for {@link #complete}: 0 once it has run. */
    public long heldBytes() {
        byte[] b = held;
        return b == null ? 0 : b.length;
    }

    /** Fills the preview (and what else was left) into {@link #payload}; once, however often called. */
    public synchronized Payload complete() {
        if (done) {
            return payload;
        }
        done = true;
        byte[] b = held;
        held = null;
        if (b == null) {
            return payload;
        }
        if (digest) {
            payload.sha256 = PayloadPreview.sha256(b, b.length);
        }
        PayloadPreview.setPreview(payload, b, shown);
        if (decodeFrom >= 0) {
            byte[] decoded = BodyDecoder.decode(b, decodeFrom, encoding, max);
            if (decoded != null) {
                payload.decodedPreview = PayloadPreview.preview(decoded, decoded.length);
            }
        }
        return payload;
    }
}
