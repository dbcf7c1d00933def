package io.egressguard.agent.capture.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an HTTP/1.x request head from the first bytes a connection wrote (a monitored Netty
 * connection: the agent sees bytes, not a request object). Strict enough that arbitrary binary or
 * TLS bytes are not taken for a request: a token method, one space, a target without spaces, one
 * space, "HTTP/1.0" or "HTTP/1.1", CRLF, then "Name: value" lines up to an empty line.
 */
public final class HttpHeadParser {
    private static final int MAX_METHOD = 16;

    private HttpHeadParser() {
    }

    /**
     * The request the bytes begin with, its URL built from the Host header (else {@code host:port})
     * for a target that is a path; null when the bytes do not begin with a whole request head.
     */
    public static HttpCall parse(byte[] b, int length, String host, int port) {
        int lineEnd = lineEnd(b, 0, length);
        if (lineEnd < 0) {
            return null;
        }
        String line = new String(b, 0, lineEnd, StandardCharsets.ISO_8859_1);
        int sp1 = line.indexOf(' ');
        int sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp1 > MAX_METHOD || sp2 <= sp1 + 1) {
            return null;
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method) || target.indexOf(' ') >= 0 || !(version.equals("HTTP/1.1") || version.equals("HTTP/1.0"))) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int at = lineEnd + 2;
        while (true) {
            int end = lineEnd(b, at, length);
            if (end < 0) {
                return null; // the head is not complete in what was seen
            }
            if (end == at) {
                break;
            }
            String h = new String(b, at, end - at, StandardCharsets.ISO_8859_1);
            int colon = h.indexOf(':');
            if (colon <= 0 || !isToken(h.substring(0, colon))) {
                return null;
            }
            headers.computeIfAbsent(h.substring(0, colon), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
            at = end + 2;
        }
        String url = target;
        if (target.startsWith("/")) {
            List<String> hostHeader = headers.get(headerName(headers, "Host"));
            String authority = hostHeader != null && !hostHeader.isEmpty() ? hostHeader.get(0) : host + ":" + port;
            url = "http://" + authority + target;
        }
        HttpCall call = new HttpCall(host, port, url);
        call.method = method;
        call.headers = headers;
        return call;
    }

    private static String headerName(Map<String, List<String>> headers, String name) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }

    /** Index of the CR of the next CRLF at or after {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
            if (b[i] < 0x20 && b[i] != '\t') {
                return -1; // control bytes: not a text head
            }
        }
        return -1;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
