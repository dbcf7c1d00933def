import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loopback HTTP/1.1 benchmark (issue "HTTP clients"). Only 127.0.0.1 is ever contacted.
 *
 * HttpBench server PORTFILE MAXSECONDS   JDK HttpServer on 127.0.0.1:0 (4-thread executor); writes its port
 *                                        to PORTFILE; answers POST / with a fixed 17-byte body; GET /stats
 *                                        gives requests and distinct client ports since the last /stats.
 *                                        Exits by itself after MAXSECONDS.
 * HttpBench CLIENT PORT WARM MEASURE [MODES]
 *                                        CLIENT = urlconnection | httpclient | okhttp | netty. For each mode,
 *                                        keep (one client, one reused connection) then new (a new connection
 *                                        per request: "Connection: close", and for Netty a new connect):
 *                                        WARM seconds of warm-up, then MEASURE seconds counted in 5 equal
 *                                        slices. Prints "MODE MEDIAN_REQS_PER_S BEST_REQS_PER_S CPU_US_PER_REQ
 *                                        APP_CPU_US_PER_REQ" (median and best slice; the client JVM's process
 *                                        CPU time over the measured requests; the same for its Java threads
 *                                        only, without JIT compiler and GC threads). Sequential requests on one thread.
 *                                        MODES: keep, new or both (default), to profile one of them.
 *                                        -Dbench.measureAt=EPOCH_MILLIS: warm up until then instead of WARM
 *                                        seconds (one mode only), for two clients measured side by side.
 */
public class HttpBench {
    static final int SLICES = 5;
    static final byte[] BODY = body();
    static final byte[] ANSWER = "{\"status\":\"ok\"}\n\n".getBytes(StandardCharsets.US_ASCII);

    static byte[] body() {
        StringBuilder s = new StringBuilder("{\"event\":\"order_created\",\"id\":\"3f2a9c\",\"items\":[");
        for (int i = 0; s.length() < 470; i++) {
            s.append(i == 0 ? "" : ",").append("{\"sku\":\"A-").append(1000 + i).append("\",\"qty\":").append(i % 7 + 1).append('}');
        }
        return s.append("],\"note\":\"x\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server(args[1], Integer.parseInt(args[2]));
            return;
        }
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        int port = Integer.parseInt(args[1]);
        double warm = Double.parseDouble(args[2]);
        double measure = Double.parseDouble(args[3]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        String modes = args.length > 4 ? args[4] : "both";
        for (boolean close : new boolean[] {false, true}) {
            if (!modes.equals("both") && modes.equals("keep") == close) {
                continue;
            }
            Client c = client(args[0], port, close);
            try {
                run(c, warmUpNanos(warm));
                java.util.Map<Long, Long> app0 = appThreadCpu();
                long cpu0 = os.getProcessCpuTime();
                long total = 0;
                double[] rates = new double[SLICES];
                for (int i = 0; i < SLICES; i++) {
                    long t0 = System.nanoTime();
                    long n = run(c, (long) (measure * 1e9 / SLICES));
                    rates[i] = n / ((System.nanoTime() - t0) / 1e9);
                    total += n;
                }
                double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / total;
                long app = 0;
                for (java.util.Map.Entry<Long, Long> t : appThreadCpu().entrySet()) {
                    app += t.getValue() - app0.getOrDefault(t.getKey(), 0L);
                }
                double appUs = app / 1e3 / total;
                java.util.Arrays.sort(rates);
                System.out.printf(java.util.Locale.ROOT, "%s %.1f %.1f %.1f %.1f%n", close ? "new" : "keep", rates[SLICES / 2], rates[SLICES - 1], cpuUs, appUs);
            } finally {
                c.close();
            }
        }
    }

    /**
     * WARM seconds, or with {@code -Dbench.measureAt=EPOCH_MILLIS} until that moment: two client JVMs
     * started together (bench/http-paired.sh) then measure the same wall-clock window, so whatever
     * else the machine runs meanwhile weighs on both alike.
     */
    static long warmUpNanos(double warm) {
        String at = System.getProperty("bench.measureAt");
        if (at == null) {
            return (long) (warm * 1e9);
        }
        long left = Long.parseLong(at) - System.currentTimeMillis();
        if (left < 1000) {
            throw new IllegalStateException("bench.measureAt leaves " + left + " ms of warm-up: start the clients earlier");
        }
        return left * 1_000_000L;
    }

    /**
     * CPU time of every live Java thread by id: the app's threads and the clients' (event loops,
     * selector managers, pools), the agent's; not the JIT compiler or GC threads, which HotSpot keeps
     * out of ThreadMXBean. Under load C2 was still compiling after 7 s of warm-up and took up to half
     * of the process's CPU, most of the run-to-run spread of the process figure.
     */
    static java.util.Map<Long, Long> appThreadCpu() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<Long, Long> cpu = new java.util.HashMap<>();
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t >= 0) {
                cpu.put(id, t);
            }
        }
        return cpu;
    }

    interface Client extends AutoCloseable {
        void call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Requests until the deadline; the count of completed requests. */
    static long run(Client c, long nanos) throws Exception {
        long end = System.nanoTime() + nanos;
        long n = 0;
        while (System.nanoTime() < end) {
            c.call();
            n++;
        }
        return n;
    }

    static void check(int status, int length) {
        if (status != 200 || length != ANSWER.length) {
            throw new IllegalStateException("unexpected answer " + status + ", " + length + " bytes");
        }
    }

    static Client client(String name, int port, boolean close) throws Exception {
        // -Dbench.host: a name the client JVM's hosts file (-Djdk.net.hosts.file) maps to 127.0.0.1,
        // so a client that awaits the lookup's address (the agent decides names after resolution) is measured too.
        String url = "http://" + System.getProperty("bench.host", "127.0.0.1") + ":" + port + "/";
        switch (name) {
            case "urlconnection": {
                URL u = new URL(url);
                return () -> {
                    HttpURLConnection c = (HttpURLConnection) u.openConnection();
                    c.setRequestMethod("POST");
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    if (close) {
                        c.setRequestProperty("Connection", "close");
                    }
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(BODY);
                    }
                    int status = c.getResponseCode();
                    try (InputStream in = c.getInputStream()) {
                        check(status, in.readAllBytes().length);
                    }
                    if (close) {
                        c.disconnect();
                    }
                };
            }
            case "httpclient": {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
                if (close) {
                    b.header("Connection", "close");
                }
                HttpRequest req = b.build();
                return () -> {
                    HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    check(r.statusCode(), r.body().length);
                };
            }
            case "okhttp": {
                okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
                okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url)
                        .post(okhttp3.RequestBody.create(BODY, okhttp3.MediaType.get("application/json")));
                if (close) {
                    b.header("Connection", "close");
                }
                okhttp3.Request req = b.build();
                return new Client() {
                    @Override
                    public void call() throws Exception {
                        try (okhttp3.Response r = client.newCall(req).execute()) {
                            check(r.code(), r.body().bytes().length);
                        }
                    }

                    @Override
                    public void close() {
                        client.dispatcher().executorService().shutdown();
                        client.connectionPool().evictAll();
                    }
                };
            }
            case "netty":
                return new NettyClient(port, close);
            case "apache": {
                // Apache HttpClient 5, classic API: pooled, kept-alive connections unless closed.
                org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
                return new Client() {
                    @Override
                    public void call() throws Exception {
                        org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
                        post.setEntity(new org.apache.hc.core5.http.io.entity.ByteArrayEntity(BODY,
                                org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
                        if (close) {
                            post.setHeader("Connection", "close");
                        }
                        client.execute(post, r -> {
                            check(r.getCode(), org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(r.getEntity()).length);
                            return null;
                        });
                    }

                    @Override
                    public void close() throws Exception {
                        client.close();
                    }
                };
            }
            case "jetty": {
                org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
                client.start();
                return new Client() {
                    @Override
                    public void call() throws Exception {
                        org.eclipse.jetty.client.Request req = client.POST(url)
                                .body(new org.eclipse.jetty.client.BytesRequestContent("application/json", BODY));
                        if (close) {
                            req.headers(h -> h.put("Connection", "close"));
                        }
                        org.eclipse.jetty.client.ContentResponse r = req.send();
                        check(r.getStatus(), r.getContent().length);
                    }

                    @Override
                    public void close() throws Exception {
                        client.stop();
                    }
                };
            }
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /** A minimal HTTP/1.1 client over a raw Netty channel (the examples carry no HTTP codec). */
    static final class NettyClient implements Client {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final Bootstrap bootstrap;
        final InetSocketAddress target;
        final boolean close;
        final byte[] request;
        Channel channel;

        NettyClient(int port, boolean close) {
            this.target = new InetSocketAddress("127.0.0.1", port);
            this.close = close;
            String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + BODY.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            request = new byte[h.length + BODY.length];
            System.arraycopy(h, 0, request, 0, h.length);
            System.arraycopy(BODY, 0, request, h.length, BODY.length);
            bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new Answer());
                }
            });
        }

        @Override
        public void call() throws Exception {
            if (channel == null || !channel.isActive()) {
                channel = bootstrap.connect(target).sync().channel();
            }
            Answer a = channel.pipeline().get(Answer.class);
            CompletableFuture<Integer> done = new CompletableFuture<>();
            a.done = done;
            channel.writeAndFlush(Unpooled.wrappedBuffer(request));
            check(200, done.get(10, TimeUnit.SECONDS));
            if (close) {
                channel.close().sync();
                channel = null;
            }
        }

        @Override
        public void close() throws Exception {
            if (channel != null) {
                channel.close().sync();
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    /** Collects one response: status line and headers, then Content-Length bytes; completes with the body's length. */
    static final class Answer extends ChannelInboundHandlerAdapter {
        volatile CompletableFuture<Integer> done;
        final ByteBuf acc = Unpooled.buffer(512);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            acc.writeBytes(b);
            b.release();
            String s = acc.toString(StandardCharsets.US_ASCII);
            int end = s.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            if (!s.startsWith("HTTP/1.1 200")) {
                fail(new IllegalStateException(s));
                return;
            }
            int length = 0;
            for (String line : s.substring(0, end).split("\r\n")) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (acc.readableBytes() >= end + 4 + length) {
                acc.clear();
                CompletableFuture<Integer> d = done;
                done = null;
                d.complete(length);
            }
        }

        void fail(Throwable t) {
            CompletableFuture<Integer> d = done;
            done = null;
            if (d != null) {
                d.completeExceptionally(t);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IllegalStateException("connection closed before the answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }
    }

    static void server(String portFile, int maxSeconds) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        LongAdder requests = new LongAdder();
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        server.createContext("/", x -> {
            if (x.getRequestMethod().equals("GET")) {
                byte[] stats = ("requests=" + requests.sumThenReset() + " ports=" + ports.size() + "\n").getBytes(StandardCharsets.US_ASCII);
                ports.clear();
                x.sendResponseHeaders(200, stats.length);
                x.getResponseBody().write(stats);
                x.close();
                return;
            }
            requests.increment();
            ports.add(x.getRemoteAddress().getPort());
            x.getRequestBody().readAllBytes();
            if ("close".equalsIgnoreCase(x.getRequestHeaders().getFirst("Connection"))) {
                x.getResponseHeaders().set("Connection", "close");
            }
            x.sendResponseHeaders(200, ANSWER.length);
            x.getResponseBody().write(ANSWER);
            x.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        java.nio.file.Path tmp = java.nio.file.Paths.get(portFile + ".tmp");
        java.nio.file.Files.write(tmp, String.valueOf(server.getAddress().getPort()).getBytes(StandardCharsets.US_ASCII));
        java.nio.file.Files.move(tmp, java.nio.file.Paths.get(portFile), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(maxSeconds * 1000L);
        server.stop(0);
        System.exit(0);
    }
}
