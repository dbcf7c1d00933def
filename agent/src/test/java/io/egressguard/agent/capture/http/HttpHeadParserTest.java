package io.egressguard.agent.capture.http;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadParserTest {
    private static HttpCall parse(String bytes) {
        byte[] b = bytes.getBytes(StandardCharsets.ISO_8859_1);
        return HttpHeadParser.parse(b, b.length, "10.0.0.5", 8080);
    }

    @Test
    void aRequestHeadGivesMethodUrlFromTheHostHeaderAndHeaders() {
        HttpCall c = parse("POST /v1/track?x=1 HTTP/1.1\r\nHost: api.example.test\r\nContent-Type: application/json\r\n"
                + "X-Multi: a\r\nX-Multi: b\r\n\r\n{\"a\":1}");
        assertNotNull(c);
        assertEquals("POST", c.method);
        assertEquals("http://api.example.test/v1/track?x=1", c.url());
        assertEquals("application/json", c.header("content-type"));
        assertEquals(List.of("a", "b"), c.headers.get("X-Multi"));
    }

    @Test
    void withoutAHostHeaderTheUrlNamesTheDestination() {
        HttpCall c = parse("GET / HTTP/1.0\r\n\r\n");
        assertEquals("http://10.0.0.5:8080/", c.url());
    }

    @Test
    void anAbsoluteTargetIsKeptAsItIs() {
        assertEquals("http://other.test/x", parse("GET http://other.test/x HTTP/1.1\r\nHost: other.test\r\n\r\n").url());
    }

    @Test
    void whatIsNoCompleteHttp1RequestHeadIsNotTakenForOne() {
        assertNull(parse("POST /v1 HTTP/1.1\r\nHost: a\r\n"), "head not complete in the bytes seen");
        assertNull(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), "HTTP/2 preface");
        assertNull(parse("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"), "a TLS ClientHello");
        assertNull(parse("GET /a b HTTP/1.1\r\n\r\n"), "a space in the target");
        assertNull(parse("G(T / HTTP/1.1\r\n\r\n"), "no token method");
        assertNull(parse("GET / HTTP/1.1\r\nno colon\r\n\r\n"), "a header line without a name");
        assertNull(parse(""));
    }
}
