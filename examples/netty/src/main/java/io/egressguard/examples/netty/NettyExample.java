package io.egressguard.examples.netty;

import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Sends a request to its own local service (allowed), then a usage report over a Netty channel (refused under the agent). */
public final class NettyExample {
    static final String REPORT = "{\"event\":\"app_started\",\"installId\":\"3f2a\",\"client\":\"Netty\"}";

    public static void main(String[] args) throws Exception {
        HttpServer local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        local.start();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            System.out.println("local service: " + post(group, "127.0.0.1", local.getAddress().getPort()));
            System.out.println("usage report: " + post(group, "api.segment.io", 443));
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).await();
            local.stop(0);
        }
    }

    private static String post(EventLoopGroup group, String host, int port) throws InterruptedException {
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(host, port).await();
        if (!f.isSuccess()) {
            return "connect to " + host + " failed: " + f.cause();
        }
        byte[] body = REPORT.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/track HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        f.channel().write(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII)));
        f.channel().writeAndFlush(Unpooled.wrappedBuffer(body)).sync();
        f.channel().closeFuture().await(3000);
        return "sent " + body.length + " bytes to " + host + ":" + port;
    }
}
