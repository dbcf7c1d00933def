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
        return new NoOpHandler() {
            @Override
            public IOException onConnect(int hook, InetAddress address, int port) {
                if (reenter != null) {
                    reenter.run();
                }
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public IOException onDatagram(int hook, InetSocketAddress target, ByteBuffer data) {
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public IOException onLookup(int hook, String host) {
                return new EgressBlockedLookupException(host, "rule-x", "id-1");
            }

            @Override
            public IOException onRequest(int hook, Object request, Object b) {
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public Object onInstead(int hook, Object a, Object b, Object c) {
                if (bug != null) {
                    throw bug;
                }
                return connect != null ? "instead of " + a + "," + b : null;
            }

            @Override
            public boolean onSkip(int hook, Object a, Object b) {
                if (bug != null) {
                    throw bug;
                }
                return connect != null;
            }

            @Override
            public void onFailure(int hook, Throwable failure) {
                failures.add(hook + ": " + failure.getMessage());
            }
        };
    }

    @Test
    void aBlockReachesTheCallerWithTheAgreedMessage() throws Exception {
        Gate.install(handler(new EgressBlockedException("api.segment.io", 443, "catalog:segment.io", "id-9"), null, null));
        InetAddress loop2 = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        EgressBlockedException e = assertThrows(EgressBlockedException.class, () -> Gate.connect(0, loop2, 443));
        assertEquals("egressguard blocked api.segment.io:443 (rule catalog:segment.io)", e.getMessage());
        assertEquals("id-9", e.eventId());
        assertTrue(e instanceof java.net.ConnectException, "callers that handle ConnectException handle a block");
        UnknownHostException dns = assertThrows(UnknownHostException.class, () -> Gate.lookup(2, "telemetry.plane.so"));
        assertEquals("egressguard blocked telemetry.plane.so (rule rule-x)", dns.getMessage());
    }

    @Test
    void anAgentBugNeverReachesTheAppAndIsReportedOnce() throws Exception {
        Gate.install(handler(null, new IllegalStateException("agent bug"), null));
        InetAddress loop = InetAddress.getLoopbackAddress();
        Gate.connect(0, loop, 80);
        Gate.connect(0, loop, 81);
        Gate.datagram(1, new InetSocketAddress(loop, 53), ByteBuffer.allocate(1));
        assertTrue(failures.size() <= 1, "reported at most once: " + failures);
    }

    @Test
    void reentryFromInsideTheHandlerIsNotChecked() throws Exception {
        List<String> inner = new ArrayList<>();
        InetAddress loop = InetAddress.getLoopbackAddress();
        Gate.install(handler(null, null, () -> {
            try {
                Gate.connect(0, loop, 1); // would recurse forever if checked
                inner.add("passed");
            } catch (IOException e) {
                inner.add("blocked");
            }
        }));
        Gate.connect(0, loop, 80);
        assertEquals(List.of("passed"), inner);
    }

    @Test
    void aLibraryEntryThrowsTheBlockOrAnswersInsteadAndAnAgentBugLetsTheCallThrough() throws Exception {
        EgressBlockedException block = new EgressBlockedException("127.0.0.2", 80, "canary", "id-3");
        Gate.install(handler(block, null, null));
        assertSame(block, assertThrows(EgressBlockedException.class, () -> Gate.request(7, "request", null)));
        assertEquals("instead of request,promise", Gate.instead(8, "request", "promise", null));
        assertTrue(Gate.skip(9, "remote", "promise"));

        Gate.install(handler(null, null, null));
        Gate.request(7, "request", null);
        assertNull(Gate.instead(8, "request", null, null), "allowed: the woven method proceeds");
        assertFalse(Gate.skip(9, "remote", "promise"));

        Gate.install(handler(null, new IllegalStateException("agent bug"), null));
        Gate.request(7, "request", null);
        assertNull(Gate.instead(8, "request", null, null));
        assertFalse(Gate.skip(9, "remote", "promise"));
        assertEquals(List.of("7: agent bug"), failures, "the first failure is told, naming its hook");
    }

    @Test
    void theCopyHttpUrlConnectionRethrowsKeepsTheType() throws Exception {
        // HttpURLConnection rethrows a remembered exception as getClass().getConstructor(String).newInstance(msg).
        EgressBlockedException original = new EgressBlockedException("127.0.0.2", 80, "canary", "id-3");
        Object copy = original.getClass().getConstructor(String.class).newInstance(original.getMessage());
        assertTrue(copy instanceof EgressBlockedException);
        assertEquals(original.getMessage(), ((Exception) copy).getMessage());
    }
}
