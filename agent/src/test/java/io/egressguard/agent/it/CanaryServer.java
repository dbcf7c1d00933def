package io.egressguard.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP and UDP listener on a loopback address the test's policy denies (127.0.0.2). It counts
 * every connection, byte and datagram it sees: a blocked path must leave all counts at zero.
 */
public final class CanaryServer implements AutoCloseable {
    public static final String ADDRESS = "127.0.0.2";

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong datagrams = new AtomicLong();
    private volatile boolean closed;

    public CanaryServer() throws IOException {
        InetAddress addr = InetAddress.getByName(ADDRESS);
        tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(addr, 0));
        udp = new DatagramSocket(new InetSocketAddress(addr, tcp.getLocalPort()));
        Thread a = new Thread(this::acceptLoop, "canary-tcp");
        a.setDaemon(true);
        a.start();
        Thread u = new Thread(this::udpLoop, "canary-udp");
        u.setDaemon(true);
        u.start();
    }

    public int port() {
        return tcp.getLocalPort();
    }

    public long connections() {
        return connections.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long datagrams() {
        return datagrams.get();
    }

    /** Total of everything the canary saw. */
    public long seen() {
        return connections.get() + bytes.get() + datagrams.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                connections.incrementAndGet();
                Thread r = new Thread(() -> drain(s), "canary-read");
                r.setDaemon(true);
                r.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void drain(Socket s) {
        try (Socket c = s; InputStream in = c.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                bytes.addAndGet(n);
            }
        } catch (IOException ignored) {
            // the peer went away
        }
    }

    private void udpLoop() {
        byte[] buf = new byte[65536];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                datagrams.incrementAndGet();
                bytes.addAndGet(p.getLength());
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        tcp.close();
        udp.close();
    }
}
