package io.egressguard.agent.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A UDP "name server" on 127.0.0.1 that answers nothing and keeps the name of every query it
 * receives: an app whose resolver uses it as its only server must send it no query for a name the
 * policy refuses.
 */
public final class DnsCanary implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<String> names = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    public DnsCanary() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread t = new Thread(this::loop, "dns-canary");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The query names seen so far, in order ("?" for a datagram that is no DNS query). */
    public List<String> queries() {
        synchronized (names) {
            return new ArrayList<>(names);
        }
    }

    private void loop() {
        byte[] buf = new byte[4096];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                names.add(questionName(p.getData(), p.getLength()));
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** The QNAME of the first question: labels after the 12-byte header. */
    static String questionName(byte[] b, int length) {
        StringBuilder sb = new StringBuilder();
        int i = 12;
        while (i < length) {
            int n = b[i] & 0xff;
            if (n == 0) {
                return sb.length() == 0 ? "." : sb.toString();
            }
            if (n > 63 || i + 1 + n > length) {
                return "?";
            }
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(new String(b, i + 1, n, StandardCharsets.US_ASCII));
            i += 1 + n;
        }
        return "?";
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
