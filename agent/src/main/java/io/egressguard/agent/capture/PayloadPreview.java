package io.egressguard.agent.capture;

import io.egressguard.event.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns the bytes an attempt tried to send into the event's {@link Payload}: size, SHA-256 of the
 * whole body, and a preview of the first {@code max} bytes as text when they are UTF-8 text and
 * base64 otherwise. Never consumes the caller's buffer.
 */
public final class PayloadPreview {
    private final int max;

    public PayloadPreview(int max) {
        this.max = max;
    }

    public Payload of(ByteBuffer data) {
        PayloadCapture c = capture(data);
        return c == null ? null : c.complete();
    }

    /** A payload of the first {@code length} bytes of {@code body}. */
    public Payload of(byte[] body, int length) {
        return capture(body, length).complete();
    }

    /** {@link #ofBody(byte[], int, long, String, String, String)} with the preview made at once. */
    public Payload ofBody(byte[] body, int seen, long size, String sha256, String contentType, String encoding) {
        return captureBody(body, seen, size, sha256, contentType, encoding).complete();
    }

    /** The datagram's bytes, the preview left to {@link PayloadCapture#complete}; null for no data. */
    public PayloadCapture capture(ByteBuffer data) {
        if (data == null) {
            return null;
        }
        ByteBuffer view = data.duplicate();
        byte[] all = new byte[view.remaining()];
        view.get(all);
        return capture(all, all.length);
    }

    /** The first {@code length} bytes of {@code body} as the whole payload, the preview left to {@link PayloadCapture#complete}. */
    public PayloadCapture capture(byte[] body, int length) {
        Payload p = new Payload();
        p.size = length;
        p.truncated = Math.min(length, max) < length;
        return hold(p, body, length, true, null, false, false);
    }

    /**
     * The payload of an HTTP request body of which the first {@code seen} bytes are at hand, the
     * previews left to {@link PayloadCapture#complete}.
     *
     * @param size     the whole body's size, -1 when unknown
     * @param sha256   the whole body's digest, or null when it was not seen whole
     * @param encoding the Content-Encoding header: gzip and deflate bodies (by header or magic bytes)
     *                 also get a decompressed preview, bounded by the same maximum
     */
    public PayloadCapture captureBody(byte[] body, int seen, long size, String sha256, String contentType, String encoding) {
        return body(body, seen, size, sha256, contentType, encoding, false);
    }

    /**
     * {@link #captureBody} of a body seen whole ({@code body[0, length)}), its digest not yet computed.
     * {@code body} is the capture's to keep (a copy made for it): when small, it is held as it is.
     */
    public PayloadCapture captureWholeBody(byte[] body, int length, String contentType, String encoding) {
        return body(body, length, length, null, contentType, encoding, true);
    }

    private PayloadCapture body(byte[] body, int seen, long size, String sha256, String contentType, String encoding, boolean whole) {
        Payload p = new Payload();
        p.size = size;
        p.sha256 = sha256;
        p.contentType = contentType;
        p.contentEncoding = encoding;
        if (body == null) {
            p.truncated = size != 0;
            return new PayloadCapture(p, null, 0, -1, encoding, max, false);
        }
        int shown = Math.min(seen, max);
        p.truncated = size < 0 || shown < size;
        return hold(p, body, seen, whole && sha256 == null, encoding, true, whole);
    }

    /**
     * Copies what the previews (and a digest still to compute) need, at most {@code max} bytes; a part
     * that would need more is made here. A copy, unless the array is {@code owned} and just the size
     * needed: a hook's buffer may be reused.
     */
    private PayloadCapture hold(Payload p, byte[] body, int seen, boolean digest, String encoding, boolean decode, boolean owned) {
        int shown = Math.min(seen, max);
        if (digest && seen > max) {
            p.sha256 = sha256(body, seen);
            digest = false;
        }
        int decodeFrom = -1;
        if (decode && BodyDecoder.isCompressed(body, seen, encoding)) {
            if (seen <= max) {
                decodeFrom = seen;
            } else {
                byte[] decoded = BodyDecoder.decode(body, seen, encoding, max);
                if (decoded != null) {
                    p.decodedPreview = preview(decoded, decoded.length);
                }
            }
        }
        int need = digest || decodeFrom >= 0 ? seen : shown;
        byte[] held = owned && body.length == need ? body : Arrays.copyOf(body, need);
        return new PayloadCapture(p, held, shown, decodeFrom, encoding, max, digest);
    }

    static void setPreview(Payload p, byte[] body, int shown) {
        String text = asText(body, shown);
        p.preview = text != null ? text : base64(body, shown);
        p.previewEncoding = text != null ? "text" : "base64";
    }

    /** The bytes as text when they are text, else as base64. */
    static String preview(byte[] body, int shown) {
        String text = asText(body, shown);
        return text != null ? text : base64(body, shown);
    }

    private static String base64(byte[] body, int shown) {
        byte[] head = new byte[shown];
        System.arraycopy(body, 0, head, 0, shown);
        return Base64.getEncoder().encodeToString(head);
    }

    /**
     * The bytes as text when they are UTF-8 without control characters other than white space; a
     * multi-byte character cut at the preview's end (up to 3 bytes) does not make text binary, and is
     * left out. Checked byte by byte, then decoded once: a strict decoder into a CharBuffer per event
     * would cost a sixth of a recorded attempt.
     */
    static String asText(byte[] body, int length) {
        int end = 0; // the end of the longest prefix of whole, well-formed characters
        while (end < length) {
            int c = body[end] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                    return null; // a control character inside the text, whichever end is chosen
                }
                end++;
            } else {
                int n = Utf8.sequenceLength(body, end, length);
                if (n == 0) {
                    break;
                }
                end += n;
            }
        }
        if (length == 0) {
            return "";
        }
        return end > 0 && end >= length - 3 ? new String(body, 0, end, StandardCharsets.UTF_8) : null;
    }

    public static String sha256(byte[] body, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(body, 0, length);
            return hex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] hash) {
        StringBuilder hex = new StringBuilder(hash.length * 2);
        for (byte b : hash) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
