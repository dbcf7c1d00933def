package io.egressguard.agent.capture;

import io.egressguard.event.Payload;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
        if (data == null) {
            return null;
        }
        ByteBuffer view = data.duplicate();
        byte[] all = new byte[view.remaining()];
        view.get(all);
        return of(all, all.length);
    }

    /** A payload of the first {@code length} bytes of {@code body}. */
    public Payload of(byte[] body, int length) {
        Payload p = new Payload();
        p.size = length;
        p.sha256 = sha256(body, length);
        int shown = Math.min(length, max);
        p.truncated = shown < length;
        setPreview(p, body, shown);
        return p;
    }

    /**
     * The payload of an HTTP request body of which the first {@code seen} bytes are at hand.
     *
     * @param size     the whole body's size, -1 when unknown
     * @param sha256   the whole body's digest, or null when it was not seen whole
     * @param encoding the Content-Encoding header: gzip and deflate bodies (by header or magic bytes)
     *                 also get a decompressed preview, bounded by the same maximum
     */
    public Payload ofBody(byte[] body, int seen, long size, String sha256, String contentType, String encoding) {
        Payload p = new Payload();
        p.size = size;
        p.sha256 = sha256;
        p.contentType = contentType;
        p.contentEncoding = encoding;
        if (body == null) {
            p.truncated = size != 0;
            return p;
        }
        int shown = Math.min(seen, max);
        p.truncated = size < 0 || shown < size;
        setPreview(p, body, shown);
        byte[] decoded = BodyDecoder.decode(body, seen, encoding, max);
        if (decoded != null) {
            p.decodedPreview = preview(decoded, decoded.length);
        }
        return p;
    }

    private static void setPreview(Payload p, byte[] body, int shown) {
        String text = asText(body, shown);
        p.preview = text != null ? text : base64(body, shown);
        p.previewEncoding = text != null ? "text" : "base64";
    }

    /** The bytes as text when they are text, else as base64. */
    private static String preview(byte[] body, int shown) {
        String text = asText(body, shown);
        return text != null ? text : base64(body, shown);
    }

    private static String base64(byte[] body, int shown) {
        byte[] head = new byte[shown];
        System.arraycopy(body, 0, head, 0, shown);
        return Base64.getEncoder().encodeToString(head);
    }

    /**
     * The bytes as text when they decode as UTF-8 without control characters other than white
     * space; a multi-byte character cut at the preview's end does not make text binary.
     */
    static String asText(byte[] body, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = length;
        for (int cut = 0; cut < 4 && end > 0; cut++) {
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(body, 0, end));
                return isPrintable(chars) ? chars.toString() : null;
            } catch (CharacterCodingException e) {
                end--;
            }
        }
        return length == 0 ? "" : null;
    }

    private static boolean isPrintable(CharSequence chars) {
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
            if (c == 0x7f) {
                return false;
            }
        }
        return true;
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
