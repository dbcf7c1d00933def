package io.egressguard.agent.capture;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decompresses a gzip or deflate (zlib) body for the event's decoded preview, chosen by the
 * Content-Encoding header or, without one, by the magic bytes: telemetry SDKs often compress what
 * they send, and a compressed preview tells a reader nothing.
 */
final class BodyDecoder {
    private BodyDecoder() {
    }

    /** True when {@link #decode} would try to decompress the body: gzip or deflate by header or magic bytes. */
    static boolean isCompressed(byte[] body, int length, String contentEncoding) {
        return isGzip(body, length, contentEncoding) || isDeflate(body, length, contentEncoding);
    }

    /** Up to {@code max} decompressed bytes, or null when the body is not (readably) compressed. */
    static byte[] decode(byte[] body, int length, String contentEncoding, int max) {
        boolean gzip = isGzip(body, length, contentEncoding);
        boolean deflate = isDeflate(body, length, contentEncoding);
        if (!gzip && !deflate) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 8192));
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body, 0, length))
                : new InflaterInputStream(new ByteArrayInputStream(body, 0, length))) {
            byte[] buf = new byte[4096];
            int n;
            while (out.size() < max && (n = in.read(buf, 0, Math.min(buf.length, max - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // A body cut at the capture limit ends early: keep what decoded so far.
        }
        return out.size() > 0 ? out.toByteArray() : null;
    }

    private static boolean isGzip(byte[] body, int length, String contentEncoding) {
        String enc = normalized(contentEncoding);
        return enc.equals("gzip") || enc.equals("x-gzip") || (enc.isEmpty() && isGzip(body, length));
    }

    private static boolean isDeflate(byte[] body, int length, String contentEncoding) {
        String enc = normalized(contentEncoding);
        return enc.equals("deflate") || (enc.isEmpty() && isZlib(body, length));
    }

    private static String normalized(String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    }

    static boolean isGzip(byte[] b, int length) {
        return length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
    }

    /** A zlib header: CM 8 (deflate) and a header checksum that divides by 31. */
    static boolean isZlib(byte[] b, int length) {
        return length >= 2 && (b[0] & 0x0f) == 8 && ((b[0] & 0xff) >> 4) <= 7 && (((b[0] & 0xff) << 8) | (b[1] & 0xff)) % 31 == 0;
    }
}
