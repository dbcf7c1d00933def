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
        String text = asText(body, shown);
        if (text != null) {
            p.preview = text;
            p.previewEncoding = "text";
        } else {
            byte[] head = new byte[shown];
            System.arraycopy(body, 0, head, 0, shown);
            p.preview = Base64.getEncoder().encodeToString(head);
            p.previewEncoding = "base64";
        }
        return p;
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

    static String sha256(byte[] body, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(body, 0, length);
            byte[] hash = digest.digest();
            StringBuilder hex = new StringBuilder(64);
            for (byte b : hash) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
