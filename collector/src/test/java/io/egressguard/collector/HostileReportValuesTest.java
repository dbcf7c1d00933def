package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.nio.file.Path;
import java.util.List;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host and a culprit (frame, jar, gav, purl, evidence) made of quotes, markup and control and
 * bidi characters stay text in every report format: nothing a terminal obeys, no element a browser
 * or a Markdown viewer makes, and JSON that reads back to the same values.
 */
class HostileReportValuesTest {
    private static final String HOST = "evil\"<script>alert(1)</script>\u0007\u001b[31m\u202e.io";
    private static final String JAR = "/tmp/\"><img src=x onerror=alert(1)>\u0085.jar";
    private static final String GAV = "<b>g</b>:a\"|b:1\u001b";
    private static final String PURL = "pkg:maven/\"<script>x</script>/a@1";
    private static final String EVIDENCE = "<i>pom</i>\u202e";
    private static final char[] RAW = {'\u0007', '\u001b', '\u0085', '\u202e'};

    @TempDir
    Path tmp;
    private String store;

    @BeforeEach
    void drain() {
        Event e = Journals.event(ForensicData.at(0), HOST, 443, Action.BLOCKED, 3);
        e.culprit = new Culprit("a.B.c(B.java:1)<script>\u009b", JAR, GAV);
        e.culprit.purl = PURL;
        e.culprit.evidence = EVIDENCE;
        Journals.appendEvents(tmp.resolve("queue/jvm-a"), List.of(e));
        store = "sqlite:" + tmp.resolve("r.db");
        CliRun drained = CliRun.run("drain", "--queue", tmp.resolve("queue").toString(), "--store", store);
        assertEquals(0, drained.code(), drained::toString);
    }

    private String report(String format) {
        CliRun run = CliRun.run("report", "--store", store, "--format", format);
        assertEquals(0, run.code(), run::toString);
        String out = run.out();
        for (char c : RAW) {
            assertEquals(-1, out.indexOf(c), format + ": a raw U+" + Integer.toHexString(c) + " in\n" + out);
        }
        return out;
    }

    @Test
    void textAndMarkdownAndHtmlShowTheValuesAsText() {
        report("text");
        for (String format : List.of("markdown", "html")) {
            String out = report(format);
            for (String element : List.of("<script", "<img", "<b>", "<i>")) {
                assertFalse(out.contains(element), format + " made " + element + ":\n" + out);
            }
        }
        assertTrue(report("html").contains("&lt;i&gt;pom&lt;/i&gt;\\u202e"), "the evidence, escaped");
    }

    @Test
    void jsonAndCycloneDxReadBackTheSameValues() throws Exception {
        JsonNode dependency = EventCodec.mapper().readTree(report("json")).path("dependencies").get(0);
        assertEquals(List.of(GAV, PURL, EVIDENCE, JAR), List.of(dependency.path("gav").asText(), dependency.path("purl").asText(),
                dependency.path("evidence").asText(), dependency.path("jar").asText()));

        String bom = report("cyclonedx");
        assertEquals(List.of(), new JsonParser().validate(bom, Version.VERSION_16), bom);
        JsonNode tree = EventCodec.mapper().readTree(bom);
        assertEquals(PURL, tree.path("components").get(0).path("bom-ref").asText());
        assertEquals(HOST + ":443", tree.path("services").get(0).path("name").asText());
        assertTrue(tree.path("services").get(0).path("endpoints").isMissingNode(), "no endpoint made of it");
    }
}
