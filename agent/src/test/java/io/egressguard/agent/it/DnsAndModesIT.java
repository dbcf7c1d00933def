package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.agent.itapps.Lookup;
import io.egressguard.agent.itapps.Repeat;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Name lookups refused before any query, allowed loopback untouched, monitor modes, and the
 * one-attempt-one-record rule, each in a forked JVM under the packaged agent.
 *
 * <p>The lookup tests map tracker names to the canary in a JDK hosts file: if the agent let a
 * lookup through, the name would resolve (to 127.0.0.2), so "blocked before lookup" is observable
 * without any traffic leaving loopback.
 */
class DnsAndModesIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    private static Path hostsFile(Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.2 telemetry.plane.so\n127.0.0.2 api.segment.io\n127.0.0.2 tracker.example.test\n");
        return hosts;
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void catalogNamesAreRefusedBeforeTheLookup(Path jdk, @TempDir Path tmp) throws Exception {
        Path hosts = hostsFile(tmp);
        try (CanaryServer canary = new CanaryServer()) {
            // Control: without the agent the hosts file answers, so a refusal below is the agent's.
            ForkedJvm.Result control = new ForkedJvm(jdk).withoutAgentFlag()
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(Lookup.class.getName(), "lookup", "0", "telemetry.plane.so");
            assertEquals("ok", control.result("lookup:telemetry.plane.so"), control.toString());

            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(Lookup.class.getName(), "connect", String.valueOf(canary.port()), "telemetry.plane.so", "api.segment.io");
            assertEquals("blocked-lookup", r.result("lookup:telemetry.plane.so"), r.toString());
            assertEquals("blocked-lookup", r.result("lookup:api.segment.io"), r.toString());
            assertFalse(r.stdout.contains("resolved"), r.toString());
            assertEquals("", r.agentStderr(), r.toString());
            Thread.sleep(200);
            assertEquals(0, canary.seen());

            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(2, events.size(), BackstopIT.describe(events));
            for (Event e : events) {
                assertEquals("dns", e.api);
                assertEquals(Action.BLOCKED, e.action);
                assertEquals(Severity.CRITICAL, e.severity);
                assertNotNull(e.vendor, "catalog entries name their vendor");
                assertNull(e.ip, "nothing was resolved");
                assertTrue(e.culprit.frame.startsWith(Lookup.class.getName()), e.culprit.frame);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void allowedLoopbackWorksAndIsRecordedOnlyWithRecordAll(Path jdk, @TempDir Path tmp) throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("queue=" + queue)
                    .run(BackstopPaths.class.getName(), "127.0.0.1", String.valueOf(server.port()), "socket", "channel-blocking", "async", "udp-socket");
            for (String path : new String[] {"socket", "channel-blocking", "async", "udp-socket"}) {
                assertEquals("ok", r.result(path), path + "\n" + r);
            }
            assertEquals("", r.agentStderr(), r.toString());
            assertTrue(JournalEvents.readAll(queue).isEmpty(), "allowed calls are not recorded by default");

            Path queueAll = tmp.resolve("journal-all");
            ForkedJvm.Result all = new ForkedJvm(jdk)
                    .agentArgs("queue=" + queueAll + ",record=all")
                    .run(BackstopPaths.class.getName(), "127.0.0.1", String.valueOf(server.port()), "socket", "udp-socket");
            assertEquals("ok", all.result("socket"), all.toString());
            List<Event> events = JournalEvents.readAll(queueAll);
            assertEquals(2, events.size(), BackstopIT.describe(events));
            assertTrue(events.stream().allMatch(e -> e.action == Action.ALLOWED && "127.0.0.1".equals(e.ip)), BackstopIT.describe(events));
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void monitorModeBlocksNothingAndRecordsWhatWouldHaveBeenBlocked(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + queue + ",mode=monitor")
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "socket", "udp-socket");
            assertEquals("ok", r.result("socket"), r.toString());
            assertEquals("ok", r.result("udp-socket"), r.toString());
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(2, events.size(), BackstopIT.describe(events));
            assertTrue(events.stream().allMatch(e -> e.action == Action.MONITORED && "policy.yaml:2 canary".equals(e.rule)), BackstopIT.describe(events));
            assertTrue(canary.connections() >= 1, "monitor mode lets the connection through");
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aMonitorRuleOnANameRecordsLookupAndConnectAsOneAttempt(Path jdk, @TempDir Path tmp) throws Exception {
        Path hosts = hostsFile(tmp);
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.write(tmp.resolve("policy.yaml"),
                    "rules:\n  - deny: tracker.example.test\n    mode: monitor\n    name: tracker\n");
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + queue)
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .run(Lookup.class.getName(), "connect", String.valueOf(canary.port()), "tracker.example.test");
            assertEquals("ok", r.result("lookup:tracker.example.test"), r.toString());
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(1, events.size(), "lookup + connect of one attempt make one record:" + BackstopIT.describe(events));
            assertEquals(Action.MONITORED, events.get(0).action);
            assertEquals("tracker.example.test", events.get(0).host);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void fastRepeatsFoldIntoCountsThatAddUp(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + policy + ",queue=" + queue)
                    .run(Repeat.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()), "200");
            assertEquals("200", r.result("blocked"), r.toString());
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(200, JournalEvents.attempts(events), BackstopIT.describe(events));
            assertTrue(events.size() < 20, "repeats fold: " + events.size() + " records");
            assertEquals(0, canary.seen());
        }
    }
}
