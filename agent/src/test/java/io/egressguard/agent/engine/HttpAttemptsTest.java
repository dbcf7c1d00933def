package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.capture.http.HttpCall;
import io.egressguard.policy.PolicyLoader;
import io.egressguard.event.Action;
import io.egressguard.event.Api;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP attempt logic any client shares, in process: a request is decided by its URL before any
 * lookup, recorded once with its request and body, and a name only its address decides waits for
 * the client's connect, which records it then.
 */
class HttpAttemptsTest {
    private static final String BODY = "{\"event\":\"app_opened\"}";

    @TempDir
    Path tmp;

    /** A client whose request is a plain URL string; counts what the engine reads. */
    private static final class FakeClient implements HttpRequests {
        final AtomicInteger reads = new AtomicInteger();
        boolean elsewhere;

        @Override
        public Api api() {
            return Api.OKHTTP;
        }

        @Override
        public HttpCall target(Object request) {
            java.net.URI u = java.net.URI.create((String) request);
            return new HttpCall(u.getHost(), u.getPort(), u);
        }

        @Override
        public String method(Object request) {
            return "POST";
        }

        @Override
        public void readRequest(Object request, HttpCall into) {
            reads.incrementAndGet();
            into.method = "POST";
            into.headers.put("Authorization", new ArrayList<>(List.of("Bearer secret-token")));
            into.headers.put("Content-Type", new ArrayList<>(List.of("application/json")));
            byte[] b = BODY.getBytes(StandardCharsets.UTF_8);
            into.body = b;
            into.bodyLength = b.length;
            into.bodySize = b.length;
            into.bodyComplete = true;
        }

        @Override
        public boolean connectsElsewhere() {
            return elsewhere;
        }
    }

    private static final class Events implements EventSink {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean offer(Event e) {
            e.complete();
            events.add(e);
            return true;
        }

        @Override
        public void lost(long attempts) {
        }
    }

    private Engine engine(Events sink, boolean recordAll, long foldMillis) throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.yaml"),
                "rules:\n  - deny: 127.0.0.2\n    name: canary\n  - deny: telemetry.plane.so\n  - deny: \"*.by-address.test\"\n");
        return new Engine(new PolicyHolder(PolicyLoader.load(policy)), false, recordAll,
                new StackCapture(32, new CodeOrigins()), new PayloadPreview(4096), new RepeatFolder(sink, foldMillis), new JvmInfo(),
                new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                new Engine.Settings(new HeaderRedaction(true, Collections.<String>emptyList()), 4096));
    }

    @Test
    void aNameRefusedByNameIsRefusedAtTheApiAndRecordedOnceWithItsRequestAndBody() throws Throwable {
        Events sink = new Events();
        Engine engine = engine(sink, false, 5000);
        FakeClient client = new FakeClient();
        String url = "http://telemetry.plane.so:8080/v1/track";
        IOException first = engine.http().request(client, url, null, null);
        IOException second = engine.http().request(client, url, null, null);
        assertTrue(first instanceof EgressBlockedException, String.valueOf(first));
        assertTrue(second instanceof EgressBlockedException, "a repeat is refused all the same");
        assertEquals(1, sink.events.size(), "the repeat folds into the first record");
        assertEquals(1, client.reads.get(), "a folded repeat's request is never read");
        Event e = sink.events.get(0);
        assertEquals("okhttp", e.api);
        assertEquals(Action.BLOCKED, e.action);
        assertEquals("telemetry.plane.so", e.host);
        assertNull(e.ip, "nothing was resolved");
        assertEquals("POST", e.request.method);
        assertEquals(url, e.request.url);
        assertNotEquals(List.of("Bearer secret-token"), e.request.headers.get("Authorization"), "redacted");
        assertEquals(BODY, e.payload.preview);
        assertEquals(e.id, ((EgressBlockedException) first).eventId(), "the block names its record");
        assertNotNull(engine.onLookup("telemetry.plane.so"), "the client's own lookup is refused too");
        assertEquals(1, sink.events.size(), "but is no second record");
    }

    @Test
    void anAllowedRequestIsNeitherReadNorRecordedUnlessRecordIsAll() throws Throwable {
        FakeClient client = new FakeClient();
        Events quiet = new Events();
        assertNull(engine(quiet, false, 0).http().request(client, "http://127.0.0.1:8080/ok", null, null));
        assertEquals(0, quiet.events.size());
        assertEquals(0, client.reads.get());

        Events all = new Events();
        assertNull(engine(all, true, 0).http().request(client, "http://127.0.0.1:8080/ok", null, null));
        assertEquals(1, all.events.size());
        assertEquals(Action.ALLOWED, all.events.get(0).action);
        assertEquals("127.0.0.1", all.events.get(0).ip);
    }

    @Test
    void aNameOnlyItsAddressDecidesWaitsForTheConnectWhichRecordsTheRequest() throws Throwable {
        Events sink = new Events();
        Engine engine = engine(sink, false, 0);
        FakeClient client = new FakeClient();
        client.elsewhere = true; // the connect runs on another thread: the caller's stack goes with the request
        String url = "http://api.example.test:8080/v1/track";
        assertNull(engine.http().request(client, url, null, null), "not decided yet: no lookup by the agent");
        assertEquals(0, sink.events.size());
        InetAddress resolved = InetAddress.getByAddress("api.example.test", new byte[] {127, 0, 0, 2});
        IOException[] block = new IOException[1];
        Thread connector = new Thread(() -> block[0] = engine.onConnect(resolved, 8080), "client-connector");
        connector.start();
        connector.join();
        assertTrue(block[0] instanceof EgressBlockedException, String.valueOf(block[0]));
        assertEquals(1, sink.events.size(), "one record: the request, with its connect's decision");
        Event e = sink.events.get(0);
        assertEquals("okhttp", e.api, "the client's API, not the socket's");
        assertEquals("policy.yaml:2 canary", e.rule);
        assertEquals("127.0.0.2", e.ip);
        assertEquals(url, e.request.url);
        assertEquals(BODY, e.payload.preview);
        // In process the test's own frames count as the agent's (one class loader) and are left out:
        // what remains of the caller's stack is the test runner's JDK frames; the connector thread's
        // would end in Thread.run.
        assertFalse(e.stack.isEmpty());
        assertFalse(String.join("\n", e.stack).contains("java.lang.Thread.run"), "the caller's stack, not the connector's: " + e.stack);
    }
}
