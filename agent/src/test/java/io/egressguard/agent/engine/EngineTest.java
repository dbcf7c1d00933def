package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import io.egressguard.policy.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision engine on the JDK's own paths, in process: connect, lookup and datagram, in each mode. */
class EngineTest {
    @TempDir
    Path tmp;

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    private Engine engine(boolean monitorOnly, boolean recordAll) throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.yaml"),
                "rules:\n  - deny: 127.0.0.2\n    name: canary\n  - deny: telemetry.plane.so\n  - monitor: 127.0.0.3\n");
        EventSink sink = new EventSink() {
            @Override
            public boolean offer(Event e) {
                e.complete();
                events.add(e);
                return true;
            }

            @Override
            public void lost(long attempts) {
            }
        };
        return new Engine(new PolicyHolder(PolicyLoader.load(policy)), monitorOnly, recordAll, new StackCapture(16, new CodeOrigins()),
                new PayloadPreview(1024), new RepeatFolder(sink, 0), new JvmInfo(),
                new AgentLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                new Engine.Settings(new HeaderRedaction(true, Collections.<String>emptyList()), 1024));
    }

    private static InetAddress loopback(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    @Test
    void aDeniedConnectIsRefusedAndRecordedOnceAnAllowedOneIsNeither() throws Exception {
        Engine engine = engine(false, false);
        IOException block = engine.onConnect(loopback(2), 9);
        assertTrue(block instanceof EgressBlockedException, String.valueOf(block));
        assertEquals("egressguard blocked 127.0.0.2:9 (rule policy.yaml:2 canary)", block.getMessage());
        assertNull(engine.onConnect(loopback(1), 9));
        assertEquals(1, events.size());
        Event e = events.get(0);
        assertEquals("socket", e.api);
        assertEquals(Action.BLOCKED, e.action);
        assertEquals("127.0.0.2", e.ip);
        assertEquals(9, e.port);
        assertEquals(e.id, ((EgressBlockedException) block).eventId(), "the block names its record");
    }

    @Test
    void monitorRulesAndMonitorModeLetThroughAndRecord() throws Exception {
        Engine engine = engine(false, false);
        assertNull(engine.onConnect(loopback(3), 9), "a monitor rule lets it through");
        assertEquals(Action.MONITORED, events.get(0).action);
        events.clear();
        Engine monitoring = engine(true, false);
        assertNull(monitoring.onConnect(loopback(2), 9), "mode=monitor lets a denied connect through");
        assertEquals(Action.MONITORED, events.get(0).action);
        assertEquals("policy.yaml:2 canary", events.get(0).rule);
    }

    @Test
    void recordAllRecordsAllowedConnects() throws Exception {
        Engine engine = engine(false, true);
        assertNull(engine.onConnect(loopback(1), 9));
        assertEquals(1, events.size());
        assertEquals(Action.ALLOWED, events.get(0).action);
    }

    @Test
    void onlyANameRuleActsAtTheLookupBeforeAnyQuery() throws Exception {
        Engine engine = engine(false, false);
        IOException refused = engine.onLookup("telemetry.plane.so");
        assertTrue(refused instanceof EgressBlockedLookupException, String.valueOf(refused));
        assertNull(engine.onLookup("example.org"), "no name rule: decided at the connect, by its address");
        assertNull(engine.onLookup("127.0.0.2"), "a literal queries nothing");
        assertEquals(1, events.size());
        assertEquals("dns", events.get(0).api);
        assertEquals("telemetry.plane.so", events.get(0).host);
        assertNull(events.get(0).ip);
    }

    @Test
    void aDeniedDatagramIsRefusedWithItsBytesRecorded() throws Exception {
        Engine engine = engine(false, false);
        IOException block = engine.onDatagram(new InetSocketAddress(loopback(2), 53), ByteBuffer.wrap("secret=42".getBytes(StandardCharsets.UTF_8)));
        assertTrue(block instanceof EgressBlockedException, String.valueOf(block));
        assertEquals("udp", events.get(0).api);
        assertEquals("secret=42", events.get(0).payload.preview);
    }
}
