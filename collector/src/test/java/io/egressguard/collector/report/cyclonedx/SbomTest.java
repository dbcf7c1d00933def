package io.egressguard.collector.report.cyclonedx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.collector.store.ReportRows.Flow;
import io.egressguard.collector.store.ReportRows.Totals;
import io.egressguard.event.EventCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** The CycloneDX document made of flows: its components, services, flows and figures, valid against the 1.6 schema. */
class SbomTest {
    private static final long T0 = 1_777_629_600_000_000_000L; // 2026-05-01T10:00:00Z
    private static final long MIN = 60_000_000_000L;
    private static final String SDK = "pkg:maven/com.vendor/sdk@2.1?classifier=all";

    private static Flow flow(String gav, String jar, String purl, String evidence, String host, int port, String action,
                             long attempts, long first, long last) {
        return new Flow(gav, jar, purl, evidence, host, port, action, attempts, first, last);
    }

    private static List<Flow> flows() {
        return List.of(
                flow("com.vendor:sdk:2.1", "/app/lib/sdk-2.1-all.jar", SDK, "pom", "telemetry.plane.so", 443, "blocked", 1000, T0, T0 + 5 * MIN),
                flow("com.vendor:sdk:2.1", "/app/lib/sdk-2.1-all.jar", SDK, "pom", "api.segment.io", 443, "blocked", 9, T0 + MIN, T0 + 2 * MIN),
                flow("com.vendor:sdk:2.1", "/app/lib/sdk-2.1-all.jar", SDK, "pom", "api.segment.io", 443, "allowed", 1, T0 + 3 * MIN, T0 + 3 * MIN),
                // the same package in a second jar, read from weaker evidence: one component, two occurrences, the pom's evidence
                flow("com.vendor:sdk:2.1", "/opt/other/sdk-2.1-all.jar", SDK, "repository-path", "api.segment.io", 443, "blocked", 5, T0, T0),
                flow(null, "/app/lib/mystery.jar", null, null, "api.segment.io", 443, "monitored", 2, T0 + 10 * MIN, T0 + 11 * MIN),
                flow("org.old:lib:1.0", "/x/lib-1.0.jar", null, "file-name", "2001:db8::1", 8443, "blocked", 3, T0, T0),
                flow(null, null, null, null, "db.internal", 5432, "allowed", 1, T0 + 20 * MIN, T0 + 20 * MIN));
    }

    static String json(List<Flow> flows, Map<String, String> vendors) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("since", "2026-05-01T00:00:00Z");
        filters.put("until", null);
        long attempts = flows.stream().mapToLong(Flow::attempts).sum();
        Totals totals = new Totals(flows.size(), T0, T0 + 20 * MIN, attempts, 0, 0, 0, 0, Map.of());
        Observed observed = new Observed(Instant.parse("2026-05-02T00:00:00Z"), filters, totals, flows, vendors);
        StringWriter out = new StringWriter();
        CycloneDxReport.write(Sbom.of(observed), new PrintWriter(out));
        return out.toString();
    }

    private static Map<String, List<String>> properties(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.path("properties").forEach(p -> out.computeIfAbsent(p.path("name").asText(), n -> new ArrayList<>()).add(p.path("value").asText()));
        return out;
    }

    private static JsonNode byRef(JsonNode array, String ref) {
        for (JsonNode n : array) {
            if (n.path("bom-ref").asText().equals(ref)) {
                return n;
            }
        }
        throw new AssertionError(ref + " not in " + array);
    }

    static void valid(String json) throws Exception {
        assertEquals(List.of(), new JsonParser().validate(json, CycloneDxReport.VERSION), json);
    }

    @Test
    void componentsServicesAndFlowsWithTheirFigures() throws Exception {
        String json = json(flows(), Map.of("telemetry.plane.so:443", "Plane"));
        valid(json);
        JsonNode bom = EventCodec.mapper().readTree(json);
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals("1.6", bom.path("specVersion").asText());
        assertTrue(bom.path("serialNumber").asText().matches("urn:uuid:[0-9a-f-]{36}"), json);

        JsonNode metadata = bom.path("metadata");
        assertEquals("2026-05-02T00:00:00Z", metadata.path("timestamp").asText());
        assertEquals("egressguard", metadata.path("tools").path("components").get(0).path("name").asText());
        assertEquals("operations", metadata.path("lifecycles").get(0).path("phase").asText());
        Map<String, List<String>> range = properties(metadata);
        assertEquals(List.of("2026-05-01T10:00:00Z"), range.get("egressguard:firstSeen"));
        assertEquals(List.of("2026-05-01T10:20:00Z"), range.get("egressguard:lastSeen"));
        assertEquals(List.of("2026-05-01T00:00:00Z"), range.get("egressguard:since"));
        assertFalse(range.containsKey("egressguard:until"), "a filter not given is left out");

        JsonNode components = bom.path("components");
        assertEquals(3, components.size(), "no component for code without a jar");
        JsonNode sdk = byRef(components, SDK);
        assertEquals(List.of("library", "com.vendor", "sdk", "2.1", SDK), List.of(sdk.path("type").asText(), sdk.path("group").asText(),
                sdk.path("name").asText(), sdk.path("version").asText(), sdk.path("purl").asText()));
        Map<String, List<String>> sdkFigures = properties(sdk);
        assertEquals(List.of("/app/lib/sdk-2.1-all.jar", "/opt/other/sdk-2.1-all.jar"), sdkFigures.get("egressguard:jar"));
        assertEquals(List.of("pom"), sdkFigures.get("egressguard:evidence"));
        assertEquals(List.of("1015"), sdkFigures.get("egressguard:attempts"));
        assertEquals(List.of("1014"), sdkFigures.get("egressguard:blocked"));
        assertEquals(List.of("1"), sdkFigures.get("egressguard:allowed"));
        assertEquals(List.of("2026-05-01T10:00:00Z"), sdkFigures.get("egressguard:firstSeen"));
        assertEquals(List.of("2026-05-01T10:05:00Z"), sdkFigures.get("egressguard:lastSeen"));
        JsonNode identity = sdk.path("evidence").path("identity").get(0);
        assertEquals("purl", identity.path("field").asText());
        assertEquals("manifest-analysis", identity.path("methods").get(0).path("technique").asText());
        assertEquals(1.0, identity.path("methods").get(0).path("confidence").asDouble());
        assertEquals(2, sdk.path("evidence").path("occurrences").size());

        JsonNode mystery = byRef(components, "jar:/app/lib/mystery.jar");
        assertEquals("mystery.jar", mystery.path("name").asText());
        for (String invented : List.of("group", "version", "purl")) {
            assertTrue(mystery.path(invented).isMissingNode(), invented + " in " + mystery);
        }
        JsonNode old = byRef(components, "pkg:maven/org.old/lib@1.0");
        assertEquals("filename", old.path("evidence").path("identity").get(0).path("methods").get(0).path("technique").asText());

        JsonNode services = bom.path("services");
        assertEquals(List.of("service:2001:db8::1:8443", "service:api.segment.io:443", "service:db.internal:5432",
                "service:telemetry.plane.so:443"), refs(services));
        JsonNode segment = byRef(services, "service:api.segment.io:443");
        assertEquals("api.segment.io:443", segment.path("name").asText());
        assertEquals("//api.segment.io:443", segment.path("endpoints").get(0).asText());
        assertTrue(segment.path("x-trust-boundary").asBoolean());
        assertEquals("inbound", segment.path("data").get(0).path("flow").asText(), "the data entered the service");
        Map<String, List<String>> segmentFigures = properties(segment);
        assertEquals(List.of("17"), segmentFigures.get("egressguard:attempts"));
        assertEquals(List.of("14"), segmentFigures.get("egressguard:blocked"));
        assertEquals(List.of("2"), segmentFigures.get("egressguard:monitored"));
        assertEquals(List.of("1"), segmentFigures.get("egressguard:allowed"));
        assertEquals(List.of("2026-05-01T10:11:00Z"), segmentFigures.get("egressguard:lastSeen"));
        assertEquals(List.of("monitored 2 2026-05-01T10:10:00Z 2026-05-01T10:11:00Z jar:/app/lib/mystery.jar",
                "allowed 1 2026-05-01T10:03:00Z 2026-05-01T10:03:00Z " + SDK,
                "blocked 9 2026-05-01T10:01:00Z 2026-05-01T10:02:00Z " + SDK,
                "blocked 5 2026-05-01T10:00:00Z 2026-05-01T10:00:00Z " + SDK), segmentFigures.get("egressguard:flow"));
        assertEquals("Plane", byRef(services, "service:telemetry.plane.so:443").path("provider").path("name").asText());
        assertEquals("//[2001:db8::1]:8443", byRef(services, "service:2001:db8::1:8443").path("endpoints").get(0).asText());
        assertEquals(List.of("allowed 1 2026-05-01T10:20:00Z 2026-05-01T10:20:00Z -"),
                properties(byRef(services, "service:db.internal:5432")).get("egressguard:flow"), "code without a jar: no component");

        JsonNode dependencies = bom.path("dependencies");
        assertEquals(List.of("service:api.segment.io:443", "service:telemetry.plane.so:443"),
                texts(byRefName(dependencies, SDK).path("dependsOn")));
        assertEquals(List.of("service:api.segment.io:443"), texts(byRefName(dependencies, "jar:/app/lib/mystery.jar").path("dependsOn")));
    }

    @Test
    void hostileHostsAndJarsStayInertText() throws Exception {
        String host = "evil\"<script>alert(1)</script>\u0007\u001b[31m\u202e.io";
        String jar = "/tmp/\"<script>\u0000\u0085.jar";
        String json = json(List.of(flow(null, jar, null, null, host, 443, "blocked", 1, T0, T0)), Map.of());
        valid(json);
        for (char c : new char[] {'\u0000', '\u0007', '\u001b', '\u0085', '\u202e'}) {
            assertEquals(-1, json.indexOf(c), "a raw U+" + Integer.toHexString(c) + " in " + json);
        }
        JsonNode bom = EventCodec.mapper().readTree(json);
        JsonNode service = bom.path("services").get(0);
        assertEquals(host + ":443", service.path("name").asText(), "the value reads back as it was");
        assertTrue(service.path("endpoints").isMissingNode(), "no endpoint URI made of a host that is no host name");
        assertEquals("\"<script>\u0000\u0085.jar", bom.path("components").get(0).path("name").asText());
    }

    private static List<String> refs(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("bom-ref").asText()));
        return out;
    }

    private static JsonNode byRefName(JsonNode dependencies, String ref) {
        for (JsonNode n : dependencies) {
            if (n.path("ref").asText().equals(ref)) {
                return n;
            }
        }
        throw new AssertionError(ref + " not in " + dependencies);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
