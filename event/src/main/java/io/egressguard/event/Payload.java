package io.egressguard.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What an attempt tried to send: a bounded preview plus the size and digest of the whole body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Payload {
    /** Total bytes of the body, -1 when unknown (streaming). */
    public long size;
    /** SHA-256 of the whole body as lower-case hex, when the whole body was seen. */
    public String sha256;
    /** The first {@code payload.max} bytes: text when they decode as UTF-8 text, base64 otherwise. */
    public String preview;
    /** {@code text} or {@code base64}: how {@link #preview} is encoded. */
    public String previewEncoding;
    public boolean truncated;
    public String contentType;
    public String contentEncoding;
    /** The decompressed preview when the body was gzip or deflate compressed. */
    public String decodedPreview;
}
