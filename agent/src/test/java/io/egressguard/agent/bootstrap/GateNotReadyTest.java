package io.egressguard.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Before start-up publishes the handler, the gate held every call for up to 10 s and then refused it,
 * "127.0.0.1" and "localhost" included. Once start-up knows the policy leaves them alone (or fails
 * closed), names and addresses of this machine pass at once; every other destination still waits for
 * the handler, and so do local ones while a policy that decides them is still to come.
 */
class GateNotReadyTest {
    private static final String OWN = "build-host-7";

    @BeforeEach
    void notReady() {
        Gate.install(null);
        Gate.ownHostName(OWN);
        Gate.localDestinationsFree(true);
    }

    @AfterEach
    void reset() {
        Gate.install(null);
        Gate.localDestinationsFree(false);
    }

    @Test
    void localNamesAndLiteralsResolveAtOnce() {
        assertTimeoutPreemptively(Duration.ofMillis(1500), () -> {
            for (String host : new String[] {"127.0.0.1", "localhost", "LocalHost.", "app.localhost", OWN, "BUILD-HOST-7.",
                "::1", "[::1]", "10.1.2.3", "0.0.0.0"}) {
                Gate.lookup(2, host);
            }
            Gate.skip(6, "localhost", new Object());
        });
    }

    @Test
    void loopbackAndOwnNameAddressesConnectAtOnce() throws Exception {
        InetAddress own = InetAddress.getByAddress(OWN, new byte[] {(byte) 172, 17, 0, 2}); // no lookup: carries the name
        assertTimeoutPreemptively(Duration.ofMillis(1500), () -> {
            Gate.connect(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080);
            Gate.connect(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 8080);
            Gate.connect(0, InetAddress.getByAddress(new byte[16]), 8080); // ::, the wildcard
            Gate.connect(0, own, 8080);
            Gate.datagram(1, new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 53), ByteBuffer.allocate(1));
            Gate.request(3, new URL("http://localhost:8080/health").openConnection(), null);
            Gate.handOverTo(4, OWN, 8080, new Object());
            assertFalse(Gate.skip(5, new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 1), new Object()));
        });
    }

    /** The gate reads the name itself (it cannot call the agent's classes), the way LocalNames does. */
    @Test
    void theOwnNameIsReadLikeTheAgentReadsIt() {
        Gate.ownHostName(null);
        String own = io.egressguard.policy.LocalNames.ownHostName();
        assertTimeoutPreemptively(Duration.ofMillis(1500), () -> {
            long t0 = System.nanoTime();
            Gate.lookup(2, own);
            Gate.connect(0, InetAddress.getByAddress(own, new byte[] {(byte) 172, 17, 0, 2}), 80);
            System.out.println("own name " + own + " answered in " + (System.nanoTime() - t0) / 1000 + " us, first read included");
        });
    }

    @Test
    void everyOtherDestinationStillWaitsForThePolicy() throws Exception {
        CompletableFuture<Throwable> lookup = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.lookup(2, "telemetry.plane.so");
            }
        });
        CompletableFuture<Throwable> connect = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.connect(0, InetAddress.getByAddress("other.example", new byte[] {(byte) 172, 17, 0, 3}), 443);
            }
        });
        CompletableFuture<Throwable> numeric = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.lookup(2, "999.1.1.1"); // not a literal to the JDK: it may reach DNS
            }
        });
        Thread.sleep(400);
        assertFalse(lookup.isDone() || connect.isDone() || numeric.isDone(), "held until the handler is published");
        Gate.install(new Refuser());
        assertTrue(lookup.get(2, TimeUnit.SECONDS) instanceof EgressBlockedLookupException);
        assertTrue(connect.get(2, TimeUnit.SECONDS) instanceof EgressBlockedException);
        assertTrue(numeric.get(2, TimeUnit.SECONDS) instanceof EgressBlockedLookupException);
    }

    /** A policy that denies 127.0.0.2 or records everything must see the app's first calls too. */
    @Test
    void localDestinationsWaitWhileThePolicyMayDecideThem() throws Exception {
        Gate.localDestinationsFree(false);
        CompletableFuture<Throwable> connect = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.connect(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 9);
            }
        });
        CompletableFuture<Throwable> literal = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.lookup(2, "127.0.0.2"); // queries nothing: never held
            }
        });
        assertEquals(null, literal.get(1, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertFalse(connect.isDone(), "held for the policy");
        Gate.install(new Refuser());
        assertTrue(connect.get(2, TimeUnit.SECONDS) instanceof EgressBlockedException, "decided by the policy");

        Gate.install(null);
        CompletableFuture<Throwable> later = attempt(new Call() {
            @Override
            public void run() throws Exception {
                Gate.lookup(2, "localhost");
            }
        });
        Thread.sleep(300);
        assertFalse(later.isDone());
        Gate.localDestinationsFree(true); // start-up learnt the policy leaves them alone
        assertEquals(null, later.get(2, TimeUnit.SECONDS));
    }

    @Test
    void withAHandlerLocalNamesAreDecidedByIt() {
        Gate.install(new Refuser());
        assertThrows(EgressBlockedLookupException.class, () -> Gate.lookup(2, "localhost"), "the policy decides once loaded");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static CompletableFuture<Throwable> attempt(Call c) {
        CompletableFuture<Throwable> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                c.run();
                f.complete(null);
            } catch (Throwable e) {
                f.complete(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Refuses everything. */
    private static final class Refuser extends NoOpHandler {
        @Override
        public IOException onConnect(int hook, InetAddress address, int port) {
            return new EgressBlockedException(address.getHostAddress(), port, "test", null);
        }

        @Override
        public IOException onLookup(int hook, String host) {
            return new EgressBlockedLookupException(host, "test", null);
        }
    }
}
