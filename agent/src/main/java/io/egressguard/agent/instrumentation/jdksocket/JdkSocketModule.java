package io.egressguard.agent.instrumentation.jdksocket;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Collections;
import java.util.List;

/**
 * The backstop for TCP: every Socket, SocketChannel (all modes), AsynchronousSocketChannel,
 * virtual-thread and DatagramChannel.connect of the JDK funnels into one static overload of
 * {@code sun.nio.ch.Net.connect} (JDK 17 and 25; docs/internals.md). The engine decides it.
 */
public final class JdkSocketModule implements InstrumentationModule {
    @Override
    public String name() {
        return "jdk-socket";
    }

    @Override
    public List<EntryHook> hooks() {
        return Collections.singletonList(new EntryHook(Entry.CONNECT, "tcp-connect", "sun/nio/ch/Net", "connect",
                "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I", 2, 3));
    }
}
