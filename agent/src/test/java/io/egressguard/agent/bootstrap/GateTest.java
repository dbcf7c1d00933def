package io.egressguard.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate's contract: blocks reach the caller, agent bugs never do, and re-entry is ignored. */
class GateTest {
    private final List<String> failures = new ArrayList<>();

    @AfterEach
    void reset() {
        Gate.install(null);
    }

    private GateHandler handler(IOException connect, RuntimeException bug, Runnable reenter) {
        return new GateHandler() {
            @Override
            public IOException onConnect(InetAddress address, int port) {
                if (reenter != null) {
                    reenter.run();
                }
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public IOException onDatagram(InetSocketAddress target, ByteBuffer data) {
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public IOException onLookup(String host) {
                return new EgressBlockedLookupException(host, "rule-x", "id-1");
            }

            @Override
            public void onFailure(String hook, Throwable failure) {
                failures.add(hook + ": " + failure.getMessage());
            }
        };
    }

    @Test
    void aBlockReachesTheCallerWithTheAgreedMessage() throws Exception {
        Gate.install(handler(new EgressBlockedException("api.segment.io", 443, "catalog:segment.io", "id-9"), null, null));
        InetAddress loop2 = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        EgressBlockedException e = assertThrows(EgressBlockedException.class, () -> Gate.connect(loop2, 443));
        assertEquals("egressguard blocked api.segment.io:443 (rule catalog:segment.io)", e.getMessage());
        assertEquals("id-9", e.eventId());
        assertTrue(e instanceof java.net.ConnectException, "callers that handle ConnectException handle a block");
        UnknownHostException dns = assertThrows(UnknownHostException.class, () -> Gate.lookup("telemetry.plane.so"));
        assertEquals("egressguard blocked telemetry.plane.so (rule rule-x)", dns.getMessage());
    }

    @Test
    void anAgentBugNeverReachesTheAppAndIsReportedOnce() throws Exception {
        Gate.install(handler(null, new IllegalStateException("agent bug"), null));
        InetAddress loop = InetAddress.getLoopbackAddress();
        Gate.connect(loop, 80);
        Gate.connect(loop, 81);
        Gate.datagram(new InetSocketAddress(loop, 53), ByteBuffer.allocate(1));
        assertTrue(failures.size() <= 1, "reported at most once: " + failures);
    }

    @Test
    void reentryFromInsideTheHandlerIsNotChecked() throws Exception {
        List<String> inner = new ArrayList<>();
        InetAddress loop = InetAddress.getLoopbackAddress();
        Gate.install(handler(null, null, () -> {
            try {
                Gate.connect(loop, 1); // would recurse forever if checked
                inner.add("passed");
            } catch (IOException e) {
                inner.add("blocked");
            }
        }));
        Gate.connect(loop, 80);
        assertEquals(List.of("passed"), inner);
    }
}
