package io.egressguard.agent.capture;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.event.Payload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
}
