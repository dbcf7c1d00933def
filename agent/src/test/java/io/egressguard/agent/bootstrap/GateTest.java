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
            public IOException onHttpUrlConnection(Object connection) {
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public java.io.OutputStream onHttpUrlOutput(Object connection) {
                return connect != null ? new java.io.ByteArrayOutputStream() : null;
            }

            @Override
            public IOException onHttpClient(Object request, boolean async) {
                if (bug != null) {
                    throw bug;
                }
                return connect;
            }

            @Override
            public IOException onOkHttpCall(Object call) {
                return null;
            }

            @Override
            public void onCallSite(Object key) {
            }

            @Override
            public void onNettyConnectStart(java.net.SocketAddress remote) {
            }

            @Override
            public boolean onNetty(java.net.SocketAddress remote, Object promise, boolean beforeResolve) {
                return false;
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

    @Test
    void httpBlocksAreThrownOrReturnedAsAFailedFuture() throws Exception {
        EgressBlockedException block = new EgressBlockedException("127.0.0.2", 80, "canary", "id-3");
        Gate.install(handler(block, null, null));
        assertSame(block, assertThrows(EgressBlockedException.class, () -> Gate.httpClientSend("request")));
        assertSame(block, assertThrows(EgressBlockedException.class, () -> Gate.httpUrlConnect("connection")));
        java.util.concurrent.CompletableFuture<Object> f = Gate.httpClientSendAsync("request");
        assertNotNull(f);
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class, f::get);
        assertSame(block, e.getCause());
        assertNotNull(Gate.httpUrlOutput("connection"));

        Gate.install(handler(null, null, null));
        assertNull(Gate.httpClientSendAsync("request"), "allowed: the woven method proceeds");
        assertNull(Gate.httpUrlOutput("connection"));

        Gate.install(handler(null, new IllegalStateException("agent bug"), null));
        Gate.httpClientSend("request");
        assertNull(Gate.httpClientSendAsync("request"));
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
