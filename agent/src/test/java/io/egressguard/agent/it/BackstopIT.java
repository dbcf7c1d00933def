package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Severity;
import io.egressguard.agent.itapps.BackstopPaths;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JDK outbound path, under the packaged agent in a forked JVM, against a canary on 127.0.0.2
 * that the policy denies: each attempt is refused with our exception, the canary sees nothing,
 * and each attempt leaves exactly one journal record with the destination and the culprit.
 */
class BackstopIT {
    static final List<String> TCP_PATHS = Arrays.asList(
            "socket", "socket-ctor", "channel-blocking", "channel-nonblocking", "channel-adaptor", "async", "udp-connect");
    static final List<String> UDP_PATHS = Arrays.asList("udp-socket", "udp-channel");

    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyPathIsBlockedAndRecordedOnce(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + queue)
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()));

            assertEquals(0, r.exitCode, r.toString());
            for (String path : TCP_PATHS) {
                assertEquals("blocked", r.result(path), path + "\n" + r);
            }
            for (String path : UDP_PATHS) {
                assertEquals("blocked", r.result(path), path + "\n" + r);
            }
            boolean virtualThreads = Jdks.feature(jdk) >= 21;
            if (virtualThreads) {
                assertEquals("blocked", r.result("virtual-thread"), r.toString());
            } else {
                assertTrue(r.result("virtual-thread").contains("UnsupportedOperationException"), r.toString());
            }
            String message = r.message("socket");
            assertEquals("egressguard blocked 127.0.0.2:" + canary.port() + " (rule policy.yaml:2 canary)", message, r.toString());
            assertEquals("", r.agentStderr(), "the agent must be silent when nothing is wrong");

            Thread.sleep(300);
            assertEquals(0, canary.seen(), "the canary saw traffic: connections=" + canary.connections()
                    + " bytes=" + canary.bytes() + " datagrams=" + canary.datagrams());

            List<Event> events = JournalEvents.readAll(queue);
            int expected = TCP_PATHS.size() + UDP_PATHS.size() + (virtualThreads ? 1 : 0);
            assertEquals(expected, events.size(), "one record per attempt: " + describe(events));
            for (Event e : events) {
                assertEquals(Action.BLOCKED, e.action);
                assertEquals("policy.yaml:2 canary", e.rule);
                assertEquals(Severity.HIGH, e.severity);
                assertEquals("127.0.0.2", e.ip);
                assertEquals(canary.port(), e.port);
                assertEquals(1, e.count);
                assertNotNull(e.culprit, "culprit");
                assertTrue(e.culprit.frame.startsWith(BackstopPaths.class.getName()), e.culprit.frame);
                assertTrue(e.culprit.jar.endsWith("test-classes"), e.culprit.jar);
                assertFalse(e.stack.isEmpty());
                assertTrue(e.stack.stream().noneMatch(f -> f.startsWith("io.egressguard.agent.") && !f.startsWith("io.egressguard.agent.itapps.")),
                        "agent frames removed: " + e.stack);
                assertTrue(e.jvm.pid > 0);
                assertEquals(BackstopPaths.class.getName(), e.jvm.mainClass);
                assertNotNull(e.jvm.hostname);
            }
            List<Event> udp = events.stream().filter(e -> "udp".equals(e.api)).collect(Collectors.toList());
            assertEquals(UDP_PATHS.size(), udp.size(), describe(events));
            for (Event e : udp) {
                assertNotNull(e.payload, "a UDP send carries its datagram");
                assertEquals("{\"user\":\"alice\",\"token\":\"s3cr3t\"}", e.payload.preview);
                assertEquals(33, e.payload.size);
                assertEquals(64, e.payload.sha256.length());
            }
            assertEquals(expected - UDP_PATHS.size(), events.stream().filter(e -> "socket".equals(e.api)).count(), describe(events));
        }
    }

    static String describe(List<Event> events) {
        return events.stream().map(e -> e.api + " " + e.action + " " + e.host + ":" + e.port + " x" + e.count + " @" + (e.culprit == null ? null : e.culprit.frame))
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
