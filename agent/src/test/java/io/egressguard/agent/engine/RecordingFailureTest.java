package io.egressguard.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.bootstrap.EgressBlockedException;
import io.egressguard.agent.bootstrap.EgressBlockedLookupException;
import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.policy.PolicyLoader;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate lets a call through when its handler throws, so that an agent bug never breaks the app.
 * A failure while recording a denied attempt must not turn into that: the policy's decision stands.
 */
class RecordingFailureTest {
    @TempDir
    Path tmp;

    /** A journal that fails every record, as a bug or a full heap in the recording path would. */
    private static final class FailingSink implements EventSink {
        final AtomicLong lost = new AtomicLong();

        @Override
        public boolean offer(Event e) {
            throw new IllegalStateException("recording broke");
        }

        @Override
        public void lost(long attempts) {
            lost.addAndGet(attempts);
        }
    }

    private Engine handler(FailingSink sink, ByteArrayOutputStream err) throws Exception {
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "rules:\n  - deny: 127.0.0.2\n    name: canary\n  - deny: telemetry.plane.so\n");
        return new Engine(new PolicyHolder(PolicyLoader.load(policy)), false, false,
                new StackCapture(32, new CodeOrigins()), new PayloadPreview(4096), new RepeatFolder(sink, 0), new JvmInfo(),
                new AgentLog(new PrintStream(err, true, StandardCharsets.UTF_8)),
                new Engine.Settings(new HeaderRedaction(true, Collections.<String>emptyList()), 4096));
    }

    @Test
    void aDeniedConnectIsRefusedEvenWhenItsRecordFails() throws Exception {
        FailingSink sink = new FailingSink();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Engine h = handler(sink, err);
        InetAddress canary = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        for (int i = 0; i < 3; i++) {
            IOException block = h.onConnect(canary, 9);
            assertTrue(block instanceof EgressBlockedException, "refused, not let through: " + block);
        }
        assertNull(h.onConnect(InetAddress.getLoopbackAddress(), 9), "an allowed connect is untouched");
        assertEquals(3, sink.lost.get(), "each unrecorded attempt is counted as dropped");
        String said = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().count(), "said once:\n" + said);
        assertTrue(said.contains("internal error while recording in the connect hook: java.lang.IllegalStateException: recording broke"), said);
    }

    @Test
    void aDeniedDatagramAndADeniedLookupAreRefusedEvenWhenTheirRecordsFail() throws Exception {
        FailingSink sink = new FailingSink();
        Engine h = handler(sink, new ByteArrayOutputStream());
        IOException udp = h.onDatagram(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 53),
                ByteBuffer.wrap("secret".getBytes(StandardCharsets.UTF_8)));
        assertTrue(udp instanceof EgressBlockedException, String.valueOf(udp));
        IOException dns = h.onLookup("telemetry.plane.so");
        assertTrue(dns instanceof EgressBlockedLookupException, String.valueOf(dns));
        assertEquals(2, sink.lost.get());
    }
}
