package io.egressguard.agent.instrumentation.jdkudp;

import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.agent.hooks.EntryHook.Entry;
import io.egressguard.agent.instrumentation.InstrumentationModule;
import java.util.Collections;
import java.util.List;

/**
 * UDP sends to an explicit target: DatagramSocket and DatagramChannel (JDK 17 and 25). A connected
 * datagram channel is decided at its connect ({@code jdk-socket}). The engine decides and records
 * the datagram's bytes.
 */
public final class JdkUdpModule implements InstrumentationModule {
    @Override
    public String name() {
        return "jdk-udp";
    }

    @Override
    public List<EntryHook> hooks() {
        return Collections.singletonList(new EntryHook(Entry.DATAGRAM, "udp-send", "sun/nio/ch/DatagramChannelImpl", "send",
                "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I", 2, 1));
    }
}
