package io.egressguard.agent.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The JDK-level backstop hooks (PLATFORM-NOTES.md: they held on JDK 17 and 25). Together they see
 * every TCP connect and UDP connect of the JDK, every unconnected UDP send, and every name lookup
 * before the JDK's cache or any DNS query.
 */
public final class JdkHooks {
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
                        "lookup", "(Ljava/lang/String;)V", 0)));
    }
}
