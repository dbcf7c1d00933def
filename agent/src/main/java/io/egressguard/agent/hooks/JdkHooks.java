package io.egressguard.agent.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The JDK-level hooks (docs/internals.md: they held on JDK 17 and 25). The backstop sees every TCP
 * connect and UDP connect of the JDK, every unconnected UDP send, and every name lookup before the
 * JDK's cache or any DNS query; the HTTP hooks see the JDK's two HTTP clients' requests first.
 */
public final class JdkHooks {
    static final String HTTP_URL_CONNECTION = "sun/net/www/protocol/http/HttpURLConnection";
    static final String HTTP_CLIENT_IMPL = "jdk/internal/net/http/HttpClientImpl";

    private JdkHooks() {
    }

    public static List<EntryHook> all() {
        return Collections.unmodifiableList(Arrays.asList(
                // Every Socket, SocketChannel (all modes), AsynchronousSocketChannel, virtual-thread
                // and DatagramChannel.connect funnels into this static overload.
                new EntryHook("tcp-connect", "sun/nio/ch/Net", "connect",
                        "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I",
                        "connect", "(Ljava/net/InetAddress;I)V", 2, 3),
                // DatagramSocket and DatagramChannel sends to an explicit target.
                new EntryHook("udp-send", "sun/nio/ch/DatagramChannelImpl", "send",
                        "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I",
                        "datagram", "(Ljava/net/InetSocketAddress;Ljava/nio/ByteBuffer;)V", 2, 1),
                // getByName delegates here on JDK 17 and 25; hooking before the cache means a
                // blocked name is refused before any query leaves.
                new EntryHook("dns-lookup", "java/net/InetAddress", "getAllByName",
                        "(Ljava/lang/String;)[Ljava/net/InetAddress;",
                        "lookup", "(Ljava/lang/String;)V", 0),
                // The JDK's HTTP clients, caught at the API so the URL's host is decided before any
                // lookup or connect and the request (and body) can be recorded. HttpURLConnection
                // (http and https) funnels connect/getInputStream/getResponseCode into this.
                new EntryHook("http-urlconnection", HTTP_URL_CONNECTION, "plainConnect0", "()V",
                        "httpUrlConnect", "(Ljava/lang/Object;)V", EntryHook.THIS),
                // getOutputStream connects before the body is written; for a refused destination in
                // the default buffered mode the gate hands back the buffer instead, so the body
                // reaches plainConnect0's record and no connection is opened.
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "http-urlconnection-output", HTTP_URL_CONNECTION,
                        "getOutputStream0", "()Ljava/io/OutputStream;",
                        "httpUrlOutput", "(Ljava/lang/Object;)Ljava/io/OutputStream;", EntryHook.THIS),
                // HttpClient.send: hooked itself because from a failed future it would rewrap our
                // exception in a plain ConnectException.
                new EntryHook("http-client-send", HTTP_CLIENT_IMPL, "send",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;)Ljava/net/http/HttpResponse;",
                        "httpClientSend", "(Ljava/lang/Object;)V", 0),
                // Both public sendAsync overloads (and send) funnel into this private one; a refusal
                // returns a failed future, which is how sendAsync reports every other failure.
                new EntryHook(EntryHook.Kind.ENTRY_MAY_RETURN, "http-client-send-async", HTTP_CLIENT_IMPL, "sendAsync",
                        "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                                + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)"
                                + "Ljava/util/concurrent/CompletableFuture;",
                        "httpClientSendAsync", "(Ljava/lang/Object;)Ljava/util/concurrent/CompletableFuture;", 0)));
    }
}
