package io.egressguard.agent.itapps;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * POSTs the telemetry body as raw HTTP/1.1 bytes over a Netty channel: NettyCalls TRANSPORT HOST
 * PORT. TRANSPORT: nio, epoll or io_uring (the native ones by reflection, so this compiles against
 * Netty 4.1's transport alone; "unavailable" when it does not load here). Prints RESULT connect=...
 * (blocked, ok, or the failure), RESULT thrown=<class of the future's cause>.
 */
public final class NettyCalls {
    static byte[] head(String host, int port) {
        String head = "POST /v1/track HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + HttpBodies.json().length + "\r\nConnection: close\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    /** The bytes the app writes before its first flush: the request head and the JSON body. */
    public static byte[] request(String host, int port) {
        byte[] head = head(host, port);
        byte[] body = HttpBodies.json();
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    public static void main(String[] args) throws Exception {
        String transport = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        EventLoopGroup group;
        Class<? extends Channel> channelType;
        if (transport.equals("nio")) {
            group = new NioEventLoopGroup(1);
            channelType = NioSocketChannel.class;
        } else {
            String pkg = transport.equals("epoll") ? "io.netty.channel.epoll.Epoll" : "io.netty.channel.uring.IoUring";
            Class<?> support = Class.forName(pkg);
            if (!(Boolean) support.getMethod("isAvailable").invoke(null)) {
                System.out.println("RESULT connect=unavailable");
                return;
            }
            String prefix = transport.equals("epoll") ? "io.netty.channel.epoll.Epoll" : "io.netty.channel.uring.IoUring";
            if (transport.equals("epoll")) {
                group = (EventLoopGroup) Class.forName(prefix + "EventLoopGroup").getConstructor(int.class).newInstance(1);
            } else { // 4.2: io_uring has only the IoHandler-based group
                Object factory = Class.forName("io.netty.channel.uring.IoUringIoHandler").getMethod("newFactory").invoke(null);
                Class<?> factoryType = Class.forName("io.netty.channel.IoHandlerFactory");
                group = (EventLoopGroup) Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup")
                        .getConstructor(int.class, factoryType).newInstance(1, factory);
            }
            @SuppressWarnings("unchecked")
            Class<? extends Channel> c = (Class<? extends Channel>) Class.forName(prefix + "SocketChannel");
            channelType = c;
        }
        try {
            Outcome.attempt("connect", () -> {
                ChannelFuture f = new Bootstrap().group(group).channel(channelType)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                        .handler(new ChannelInboundHandlerAdapter())
                        .connect(host, port).await();
                if (!f.isSuccess()) {
                    System.out.println("RESULT thrown=" + f.cause().getClass().getName());
                    throw (Exception) f.cause();
                }
                // Head and body as two writes, one flush: what a codec-less app does.
                f.channel().write(Unpooled.wrappedBuffer(head(host, port)));
                f.channel().writeAndFlush(Unpooled.wrappedBuffer(HttpBodies.json())).sync();
                f.channel().closeFuture().await(5000);
            });
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).await();
        }
    }
}
