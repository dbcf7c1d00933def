package io.egressguard.agent.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 that counts every TCP connection (a refused call must make
 * none, not only send no request) and keeps each request line; it answers 200 "ok" and closes.
 */
final class CountingHttpServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket();
    private final AtomicLong connections = new AtomicLong();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    CountingHttpServer() throws IOException {
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        Thread t = new Thread(this::accept, "counting-http");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    long connections() {
        return connections.get();
    }

    List<String> requestLines() {
        return requestLines;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread h = new Thread(() -> answer(s), "counting-http-conn");
                h.setDaemon(true);
                h.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket s) {
        try (Socket c = s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            String line = in.readLine();
            if (line == null) {
                return;
            }
            requestLines.add(line);
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers: no body is sent by these GETs
            }
            OutputStream out = c.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
