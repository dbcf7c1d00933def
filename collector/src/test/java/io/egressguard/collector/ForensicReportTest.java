package io.egressguard.collector;

import static io.egressguard.collector.ForensicData.FLUSH;
import static io.egressguard.collector.ForensicData.RUN;
import static io.egressguard.collector.ForensicData.SEND;
import static io.egressguard.collector.ForensicData.TICK;
import static io.egressguard.collector.ForensicData.TRACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.egressguard.event.EventCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's sections in every format, its JSON schema, --out and --fail-on, on {@link ForensicData}. */
class ForensicReportTest {
    @TempDir
    Path tmp;
    private String store;

    @BeforeEach
    void drain() {
        store = ForensicData.drain(tmp, "sqlite:" + tmp.resolve("report.db"));
    }

    private CliRun report(String... extra) {
        List<String> args = new ArrayList<>(List.of("report", "--store", store));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void jsonFollowsItsSchemaAndCarriesEverySection() throws Exception {
        CliRun run = report("--format", "json");
        assertEquals(0, run.code(), run::toString);
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/io/egressguard/collector/report/report.schema.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        }
        assertEquals(List.of(), schema.validate(run.out(), InputFormat.JSON), run.out());
        // The schema is strict enough to catch a renamed field.
        assertFalse(schema.validate(run.out().replace("\"destinationCount\"", "\"destinationsCount\""), InputFormat.JSON).isEmpty());

        JsonNode r = EventCodec.mapper().readTree(run.out());
        assertEquals("egressguard-report/1", r.path("schema").asText());
        JsonNode summary = r.path("summary");
        assertEquals(1013, summary.path("attempts").asLong());
        assertEquals(1000, summary.path("bySeverity").path("critical").asLong());
        assertEquals(1, summary.path("bySeverity").path("none").asLong());
        assertEquals(5300, summary.path("payloadBytes").asLong());
        assertEquals("2026-05-01T10:00:00Z", summary.path("firstSeen").asText());

        assertEquals("telemetry.plane.so", r.path("destinations").get(0).path("host").asText());
        assertEquals(5000, r.path("destinations").get(0).path("payloadBytes").asLong());
        assertEquals("Plane", r.path("destinations").get(0).path("vendor").asText());

        // Two stacks that share Thread.run > Scheduler.tick > Reporter.flush are one branch of 1010 attempts.
        JsonNode stacks = r.path("stacks");
        assertEquals(3, stacks.path("distinct").asLong());
        JsonNode shared = stacks.path("tree").get(0);
        assertEquals(List.of(RUN, TICK, FLUSH), texts(shared.path("frames")));
        assertEquals(1010, shared.path("attempts").asLong());
        assertEquals(List.of(SEND), texts(shared.path("children").get(0).path("frames")));
        assertEquals(1000, shared.path("children").get(0).path("attempts").asLong());
        assertEquals(List.of(TRACK), texts(shared.path("children").get(1).path("frames")));
        assertEquals("(no stack recorded)", stacks.path("tree").get(2).path("frames").get(0).asText());

        JsonNode site = r.path("callSites").get(0);
        assertEquals(SEND, site.path("frame").asText());
        assertEquals("com.vendor:sdk:2.1", site.path("origin").asText());
        JsonNode dependency = r.path("dependencies").get(0);
        assertEquals("com.vendor:sdk:2.1", dependency.path("gav").asText());
        assertEquals("pkg:maven/com.vendor/sdk@2.1", dependency.path("purl").asText());
        assertEquals("pom", dependency.path("evidence").asText(), "from the event that recorded it");
        JsonNode classes = r.path("dependencies").get(1);
        assertEquals("/app/classes", classes.path("jar").asText());
        assertTrue(classes.path("purl").isNull() && classes.path("evidence").isNull(), classes.toString());
        assertEquals(1010, dependency.path("attempts").asLong());
        assertEquals(2, dependency.path("destinationCount").asLong());
        assertEquals("telemetry.plane.so:443", dependency.path("destinations").get(0).path("destination").asText());

        JsonNode timeline = r.path("timeline");
        assertEquals("minute", timeline.path("unit").asText());
        assertEquals(4, timeline.path("buckets").size());
        assertEquals("2026-05-01T10:30:00Z", timeline.path("buckets").get(1).path("start").asText());

        JsonNode largest = r.path("largestPayloads");
        assertEquals(List.of(5000L, 300L), List.of(largest.get(0).path("size").asLong(), largest.get(1).path("size").asLong()));
        assertEquals(ForensicData.SECRET, largest.get(0).path("decodedPreview").asText());
        assertTrue(largest.get(0).path("preview").asText().startsWith("00000000  1f 8b"), "gzip bytes as a hex dump");
        assertEquals(ForensicData.HOSTILE, largest.get(1).path("preview").asText());
    }

    @Test
    void textShowsTheTreeAndTheDecodedPayload() {
        CliRun run = report("--width", "160");
        assertEquals(0, run.code(), run::toString);
        String out = run.out();
        assertTrue(out.contains("  severity      critical 1000, high 10, low 2, none 1\n"), out);
        assertTrue(out.contains("  [1010] " + RUN + "\n         " + TICK + "\n         " + FLUSH + "\n         [1000] " + SEND + "\n"), out);
        assertTrue(out.contains("         [10] " + TRACK + "\n"), out);
        assertTrue(out.contains("  [1] (no stack recorded)\n"), out);
        assertTrue(out.contains("  1. 5000 bytes (4.9 KiB) to telemetry.plane.so:443, blocked"), out);
        assertTrue(out.contains("     decoded preview\n       " + ForensicData.SECRET + "\n"), out);
        assertTrue(out.contains("       <script>document.title='pwned'</script>"), "text shows the payload as it is: " + out);
        assertTrue(out.matches("(?s).*\\n  DEPENDENCY +PURL +EVIDENCE +JAR +ATTEMPTS +DESTINATIONS\\n  com\\.vendor:sdk:2\\.1"
                + " +pkg:maven/com\\.vendor/sdk@2\\.1 +pom .*"), out);
    }

    @Test
    void markdownEscapesValuesAndFencesPreviews() {
        CliRun run = report("--format", "markdown");
        assertEquals(0, run.code(), run::toString);
        String out = run.out();
        for (String heading : List.of("## Summary", "## By destination", "## By call site", "### Code paths", "## By dependency",
                "## Timeline", "## Largest payloads")) {
            assertTrue(out.contains("\n" + heading + "\n"), heading + " in\n" + out);
        }
        assertTrue(out.contains("| telemetry.plane.so:443 | Plane | 1000 | blocked 1000 |"), out);
        assertTrue(out.contains("| Dependency | Package URL | Evidence | Jar | Attempts | Destinations |\n|---|---|---|---|---:|---|\n"
                + "| com.vendor:sdk:2.1 | pkg:maven/com.vendor/sdk@2.1 | pom |"), out);
        assertTrue(out.contains("- **1010** " + RUN + "<br>"), out);
        assertTrue(out.contains("```text\n" + ForensicData.HOSTILE + "\n```"), "the payload inside a fence: " + out);
        String outsideFences = out.replaceAll("(?s)```text\n.*?\n```", "");
        assertFalse(outsideFences.contains("<script"), outsideFences);
        assertFalse(outsideFences.contains("<img"), outsideFences);
    }

    @Test
    void htmlIsOneSelfContainedFileWithEveryValueEscaped() throws Exception {
        Path file = tmp.resolve("out/report.html");
        CliRun run = report("--format", "html", "--out", file.toString());
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"), html);
        for (String id : List.of("summary", "destinations", "call-sites", "code-paths", "dependencies", "timeline", "payloads")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;&quot;&gt;&lt;img src=x onerror="), html);
        assertFalse(html.contains("<script"), "no script element at all");
        assertFalse(html.contains("<img"), "no image element at all");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "nothing loaded from anywhere");
        assertTrue(html.contains("<svg"), "the timeline chart");
        assertTrue(html.contains("<details"), "collapsible stacks and payloads");
    }

    @Test
    void failOnExitsThreeWhenAttemptsAtOrAboveTheSeverityExist() {
        CliRun critical = report("--fail-on", "critical", "--format", "json");
        assertEquals(3, critical.code(), critical::toString);
        assertTrue(critical.out().contains("\"schema\""), "the report is written all the same");
        assertEquals("egressguard report: 1000 attempts at or above severity critical in the range (--fail-on critical)\n",
                critical.err());

        assertEquals(0, report("--fail-on", "critical", "--host", "api.*").code());
        assertEquals(3, report("--fail-on", "HIGH", "--host", "api.*").code());
        assertEquals(0, report("--fail-on", "medium", "--host", "api.example.com").code());
        assertEquals(3, report("--fail-on", "low", "--host", "api.example.com").code());
        assertEquals(0, report("--fail-on", "critical", "--since", "2026-05-01T10:01:00Z").code());

        CliRun bad = report("--fail-on", "severe");
        assertEquals(2, bad.code(), bad::toString);
        assertTrue(bad.err().contains("'severe' is not a severity (critical, high, medium or low)"), bad::toString);
    }
}
