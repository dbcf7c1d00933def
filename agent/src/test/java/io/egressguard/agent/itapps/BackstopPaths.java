package io.egressguard.agent.itapps;

import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tries every JDK outbound path against HOST:PORT, one attempt each, and reports each outcome.
 * Usage: BackstopPaths HOST PORT [path ...] (all paths when none is named).
 */
public final class BackstopPaths {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        InetSocketAddress target = new InetSocketAddress(host, port);
        java.util.List<String> only = java.util.Arrays.asList(args).subList(2, args.length);
        byte[] secret = "{\"user\":\"alice\",\"token\":\"s3cr3t\"}".getBytes(StandardCharsets.UTF_8);

        run(only, "socket", () -> {
            try (Socket s = new Socket()) {
                s.connect(target, 2000);
                s.getOutputStream().write(secret);
            }
        });
        run(only, "socket-ctor", () -> {
            try (Socket s = new Socket(host, port)) {
                s.getOutputStream().write(secret);
            }
        });
        run(only, "channel-blocking", () -> {
            try (SocketChannel c = SocketChannel.open(target)) {
                c.write(ByteBuffer.wrap(secret));
            }
        });
        run(only, "channel-nonblocking", () -> {
            try (SocketChannel c = SocketChannel.open()) {
                c.configureBlocking(false);
                if (!c.connect(target)) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    while (!c.finishConnect()) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("connect did not finish");
                        }
                        Thread.sleep(5);
                    }
                }
                c.write(ByteBuffer.wrap(secret));
            }
        });
        run(only, "channel-adaptor", () -> {
            try (SocketChannel c = SocketChannel.open()) {
                c.socket().connect(target, 2000);
                c.write(ByteBuffer.wrap(secret));
            }
        });
        run(only, "async", () -> {
            try (AsynchronousSocketChannel c = AsynchronousSocketChannel.open()) {
                c.connect(target).get(2, TimeUnit.SECONDS);
                c.write(ByteBuffer.wrap(secret)).get(2, TimeUnit.SECONDS);
            }
        });
        run(only, "virtual-thread", () -> {
            Method ofVirtual;
            try {
                ofVirtual = Thread.class.getMethod("ofVirtual");
            } catch (NoSuchMethodException e) {
                throw new UnsupportedOperationException("no virtual threads on this JDK");
            }
            Object builder = ofVirtual.invoke(null);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable body = () -> {
                try (Socket s = new Socket()) {
                    s.connect(target, 2000);
                    s.getOutputStream().write(secret);
                } catch (Throwable t) {
                    failure.set(t);
                }
            };
            Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
            Thread vt = (Thread) start.invoke(builder, body);
            vt.join();
            if (failure.get() != null) {
                throw new Exception(failure.get());
            }
        });
        run(only, "udp-socket", () -> {
            try (DatagramSocket d = new DatagramSocket()) {
                d.send(new DatagramPacket(secret, secret.length, target));
            }
        });
        run(only, "udp-channel", () -> {
            try (DatagramChannel d = DatagramChannel.open()) {
                d.send(ByteBuffer.wrap(secret), target);
            }
        });
        run(only, "udp-connect", () -> {
            try (DatagramChannel d = DatagramChannel.open()) {
                d.connect(target);
                d.write(ByteBuffer.wrap(secret));
            }
        });
        // Let a canary count anything that slipped through before the JVM exits.
        Thread.sleep(200);
    }

    private static void run(java.util.List<String> only, String name, Outcome.Attempt a) {
        if (only.isEmpty() || only.contains(name)) {
            Outcome.attempt(name, a);
        }
    }
}
