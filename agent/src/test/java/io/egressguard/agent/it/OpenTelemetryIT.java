package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.TracedCalls;
import io.egressguard.event.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our agent beside the OpenTelemetry Java agent (from Maven Central, exporters off), in either
 * order in JAVA_TOOL_OPTIONS: we still block and record, and OpenTelemetry still instruments. Its
 * verifiable trace: the W3C {@code traceparent} header its HttpURLConnection instrumentation adds to
 * the allowed request, as the loopback server receives it.
 */
class OpenTelemetryIT {
    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-3]";

    static Stream<Arguments> jdksAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (Path jdk : Jdks.homes()) {
            out.add(Arguments.of(jdk, true));
            out.add(Arguments.of(jdk, false));
        }
        return out.stream();
    }

    static Path otelAgent() throws Exception {
        Path dir = ClientLibraries.folder(ClientLibraries.OTEL);
        try (Stream<Path> jars = Files.list(dir)) {
            return jars.filter(p -> p.getFileName().toString().startsWith("opentelemetry-javaagent")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OpenTelemetry agent in " + dir + ": run through Maven (mvn verify)"));
        }
    }

    @ParameterizedTest(name = "{0}, ours first: {1}")
    @MethodSource("jdksAndOrders")
    void bothAgentsWorkInEitherOrder(Path jdk, boolean oursFirst, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer(); HeaderRecordingServer server = new HeaderRecordingServer()) {
            Path policy = Policies.denyCanary(tmp);
            Path queue = tmp.resolve("journal");
            String ours = "-javaagent:" + ForkedJvm.agentJar() + "=policy=" + policy + ",queue=" + queue;
            String otel = "-javaagent:" + otelAgent();
            ForkedJvm.Result r = new ForkedJvm(jdk).withoutAgentFlag().timeout(180)
                    .env("JAVA_TOOL_OPTIONS", oursFirst ? ours + " " + otel : otel + " " + ours)
                    .env("OTEL_TRACES_EXPORTER", "none")
                    .env("OTEL_METRICS_EXPORTER", "none")
                    .env("OTEL_LOGS_EXPORTER", "none")
                    .env("OTEL_SERVICE_NAME", "egressguard-it")
                    .run(TracedCalls.class.getName(), server.url(), CanaryServer.ADDRESS, String.valueOf(canary.port()));

            assertEquals(0, r.exitCode, r.toString());
            assertEquals("ok", r.result("get"), r.toString());
            assertEquals("200", r.result("code"), r.toString());
            assertEquals(1, server.requests().size(), r.toString());
            Map<String, List<String>> headers = server.requests().get(0);
            assertTrue(headers.containsKey("traceparent"), "OpenTelemetry instrumented the call: " + headers);
            assertTrue(headers.get("traceparent").get(0).matches(TRACEPARENT), headers.toString());

            assertEquals("blocked", r.result("socket"), r.toString());
            assertEquals(0, canary.seen());
            List<Event> events = JournalEvents.readAll(queue);
            assertEquals(1, events.size(), BackstopIT.describe(events));
            assertEquals(CanaryServer.ADDRESS, events.get(0).ip);
            assertEquals(canary.port(), events.get(0).port);
            assertTrue(events.get(0).rule.endsWith("canary"), events.get(0).rule);

            List<String> ourLines = r.stderr.lines().filter(l -> l.startsWith("egressguard:")).collect(Collectors.toList());
            assertEquals(List.of(), ourLines, "our agent has nothing to complain about: " + r.stderr);
            assertTrue(r.stderr.contains("opentelemetry-javaagent - version:"), "the OpenTelemetry agent started: " + r.stderr);
        }
    }
}
