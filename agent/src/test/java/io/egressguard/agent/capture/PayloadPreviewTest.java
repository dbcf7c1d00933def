package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.event.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PayloadPreviewTest {
    @Test
    void textBodiesAreKeptAsTextWithSizeAndDigest() {
        byte[] body = "{\"installId\":\"3f2a\"}".getBytes(StandardCharsets.UTF_8);
        Payload p = new PayloadPreview(4096).of(body, body.length);
        assertEquals("{\"installId\":\"3f2a\"}", p.preview);
        assertEquals("text", p.previewEncoding);
        assertEquals(body.length, p.size);
        assertFalse(p.truncated);
        // sha256 of the exact bytes, checked against an independent computation
        assertEquals(PayloadPreview.sha256(body, body.length), p.sha256);
        assertEquals(64, p.sha256.length());
    }

    @Test
    void binaryBodiesAreBase64() {
        byte[] body = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0};
        Payload p = new PayloadPreview(4096).of(body, body.length);
        assertEquals("base64", p.previewEncoding);
        assertArrayEquals(body, Base64.getDecoder().decode(p.preview));
    }

    @Test
    void longBodiesAreTruncatedButDigestedWhole() {
        byte[] body = "é".repeat(100).getBytes(StandardCharsets.UTF_8);
        Payload p = new PayloadPreview(11).of(body, body.length);
        assertTrue(p.truncated);
        assertEquals(200, p.size);
        assertEquals("text", p.previewEncoding, "a character cut at the end does not make text binary");
        assertEquals("ééééé", p.preview);
        assertEquals(PayloadPreview.sha256(body, body.length), p.sha256);
    }

    @Test
    void theCallersBufferIsNotConsumed() {
        ByteBuffer b = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));
        b.position(1);
        Payload p = new PayloadPreview(4096).of(b);
        assertEquals("ello", p.preview);
        assertEquals(1, b.position());
        assertEquals(4, b.remaining());
    }

    @Test
    void sha256MatchesAKnownVector() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PayloadPreview.sha256(abc, 3));
    }

    /** Sequences a strict decoder refuses, each a way for a byte scan to go wrong, and their neighbours it accepts. */
    private static final int[][] EDGES = {
        {0xc0, 0x80}, {0xc1, 0xbf}, {0xc2, 0x80}, {0xdf, 0xbf}, {0xe0, 0x80, 0x80}, {0xe0, 0x9f, 0xbf}, {0xe0, 0xa0, 0x80},
        {0xed, 0x9f, 0xbf}, {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf}, {0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf},
        {0xf0, 0x8f, 0xbf, 0xbf}, {0xf0, 0x90, 0x80, 0x80}, {0xf4, 0x8f, 0xbf, 0xbf}, {0xf4, 0x90, 0x80, 0x80},
        {0xf5, 0x80, 0x80, 0x80}, {0xf8, 0x88, 0x80, 0x80, 0x80}, {0xff}, {0x80}, {0xbf}, {0xe2, 0x82}, {0xe2, 0x41, 0x41},
        {0x00}, {0x09}, {0x0a}, {0x0d}, {0x1f}, {0x7f}, {0x20}, {0x7e}, {0xc2, 0x85}, {0xc2, 0x9f},
    };

    @Test
    void theByteScanKeepsExactlyWhatTheStrictDecoderKept() {
        Random random = new Random(20261203);
        int compared = 0;
        for (int[] edge : EDGES) {
            byte[] e = bytes(edge);
            for (String around : new String[] {"", "ab", "é", "x€", "😀"}) {
                byte[] prefix = around.getBytes(StandardCharsets.UTF_8);
                for (int pad = 0; pad <= 4; pad++) {
                    byte[] b = concat(prefix, e, "abcd".substring(0, pad).getBytes(StandardCharsets.UTF_8));
                    for (int length = 0; length <= b.length; length++) {
                        assertSameAsDecoder(b, length);
                        compared++;
                    }
                }
            }
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] b = i % 2 == 0 ? randomBytes(random) : randomText(random);
            assertSameAsDecoder(b, random.nextInt(b.length + 1));
            compared++;
        }
        assertTrue(compared > 20_000);
    }

    @Test
    void textCutInAMultiByteCharacterStaysTextWithoutIt() {
        byte[] b = "ab€".getBytes(StandardCharsets.UTF_8); // € is 3 bytes
        assertEquals("ab", PayloadPreview.asText(b, 4));
        assertEquals("ab", PayloadPreview.asText(b, 3));
        assertEquals("ab€", PayloadPreview.asText(b, 5));
        assertNull(PayloadPreview.asText(new byte[] {'a', 0, 'b'}, 3), "a control character makes it binary");
        assertNull(PayloadPreview.asText(new byte[] {(byte) 0xe2, (byte) 0x82}, 2), "nothing whole is left");
        assertEquals("", PayloadPreview.asText(new byte[0], 0));
    }

    @Test
    void aCaptureLeavesThePreviewToCompleteAndKeepsItsOwnCopy() {
        byte[] body = "{\"installId\":\"3f2a\"}".getBytes(StandardCharsets.UTF_8);
        Payload eager = new PayloadPreview(4096).of(body.clone(), body.length);
        PayloadCapture c = new PayloadPreview(4096).capture(body, body.length);
        assertNull(c.payload().preview, "made when the event is encoded, not on the calling thread");
        assertNull(c.payload().sha256, "a small body is digested when the event is encoded");
        Arrays.fill(body, (byte) 0); // a hook's buffer, reused
        Payload p = c.complete();
        assertSame(p, c.complete(), "made once");
        assertEquals(eager.preview, p.preview);
        assertEquals("text", p.previewEncoding);
        assertEquals(eager.sha256, p.sha256);
        assertEquals(PayloadPreview.sha256("{\"installId\":\"3f2a\"}".getBytes(StandardCharsets.UTF_8), body.length), p.sha256);
    }

    @Test
    void aWholeBodyLargerThanThePreviewIsDigestedAtCapture() {
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 'a');
        PayloadCapture c = new PayloadPreview(100).captureWholeBody(body, body.length, "text/plain", null);
        assertEquals(PayloadPreview.sha256(body, body.length), c.payload().sha256, "not held whole for the writer");
        assertTrue(c.payload().truncated);
        assertEquals("a".repeat(100), c.complete().preview);
    }

    @Test
    void compressedBodiesGetTheSameDecodedPreviewLateOrAtCapture() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{\"event\":\"app_opened\"}".repeat(40).getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzip = out.toByteArray();
        for (int max : new int[] {gzip.length + 10, gzip.length - 10}) { // decoded late, decoded at capture
            PayloadCapture c = new PayloadPreview(max).captureBody(gzip, gzip.length, gzip.length, "f00d", null, "gzip");
            Payload p = c.complete();
            assertEquals("base64", p.previewEncoding);
            assertEquals(Math.min(max, 40 * 22), p.decodedPreview.length(), "max " + max);
            assertTrue(p.decodedPreview.startsWith("{\"event\":\"app_opened\"}"));
            assertEquals("f00d", p.sha256);
        }
    }

    private static void assertSameAsDecoder(byte[] b, int length) {
        assertEquals(decoded(b, length), PayloadPreview.asText(b, length), () -> "bytes " + hex(b, length));
    }

    /** The preview's text as the agent made it before the byte scan: a strict decoder, up to 3 bytes cut at the end. */
    private static String decoded(byte[] body, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = length;
        for (int cut = 0; cut < 4 && end > 0; cut++) {
            try {
                CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(body, 0, end));
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                        return null;
                    }
                }
                return chars.toString();
            } catch (CharacterCodingException e) {
                end--;
            }
        }
        return length == 0 ? "" : null;
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(12)];
        for (int i = 0; i < b.length; i++) {
            // biased towards the lead and continuation bytes where UTF-8 is decided
            int k = random.nextInt(4);
            b[i] = (byte) (k == 0 ? 0x80 + random.nextInt(0x40) : k == 1 ? 0xc0 + random.nextInt(0x40) : k == 2 ? 0x20 + random.nextInt(0x60) : random.nextInt(256));
        }
        return b;
    }

    private static byte[] randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                int k = random.nextInt(4);
                cp = k == 0 ? random.nextInt(0x80) : k == 1 ? 0x80 + random.nextInt(0x780) : k == 2 ? 0x800 + random.nextInt(0xf800) : 0x10000 + random.nextInt(0x100000);
            } while (cp >= 0xd800 && cp <= 0xdfff);
            s.appendCodePoint(cp);
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static String hex(byte[] b, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(String.format("%02x ", b[i] & 0xff));
        }
        return s.toString();
    }
}
