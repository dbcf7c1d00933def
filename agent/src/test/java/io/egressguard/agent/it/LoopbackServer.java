package io.egressguard.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** An allowed local service on 127.0.0.1 (TCP and UDP on one port) that counts what it receives. */
public final class LoopbackServer implements AutoCloseable {
    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    public LoopbackServer() throws IOException {
        tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), tcp.getLocalPort()));
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = tcp.accept();
                    connections.incrementAndGet();
                    Thread r = new Thread(() -> {
                        try (Socket c = s; InputStream in = c.getInputStream()) {
                            in.readAllBytes();
                        } catch (IOException ignored) {
                            // peer closed
                        }
                    });
                    r.setDaemon(true);
                    r.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "loopback-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return tcp.getLocalPort();
    }

    public long connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        tcp.close();
        udp.close();
    }
}
