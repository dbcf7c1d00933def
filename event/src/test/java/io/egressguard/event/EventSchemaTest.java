package io.egressguard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * event.schema.json and docs/events.md describe every field of the event: adding a field to
 * {@link Event} (or a nested type) without documenting it fails here.
 */
class EventSchemaTest {
    static final String SCHEMA = "/io/egressguard/event/event.schema.json";

    /** The nested wire objects and the field of Event that holds each. */
    private static final Map<String, Class<?>> NESTED = new LinkedHashMap<>();

    static {
        NESTED.put("culprit", Culprit.class);
        NESTED.put("jvm", JvmInfo.class);
        NESTED.put("request", Request.class);
        NESTED.put("payload", Payload.class);
    }

    static JsonNode schemaTree() throws Exception {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(SCHEMA)) {
            return EventCodec.mapper().readTree(in);
        }
    }

    static Schema schema() throws Exception {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @Test
    void theSchemaListsExactlyTheApisOfTheApiEnum() throws Exception {
        List<String> listed = new ArrayList<>();
        schemaTree().get("properties").get("api").get("enum").forEach(n -> listed.add(n.asText()));
        List<String> apis = new ArrayList<>();
        for (Api a : Api.values()) {
            apis.add(a.wireName());
        }
        assertEquals(apis, listed, "event.schema.json's api enum must list Api's wire names, in order");
    }

    @Test
    void theSchemaHasExactlyTheFieldsOfEventAndItsNestedTypes() throws Exception {
        JsonNode root = schemaTree();
        assertEquals(wireFields(Event.class), names(root.get("properties")), "event.schema.json properties vs Event fields");
        for (Map.Entry<String, Class<?>> n : NESTED.entrySet()) {
            JsonNode nested = root.at("/properties/" + n.getKey());
            assertEquals(wireFields(n.getValue()), names(nested.get("properties")), n.getKey() + " vs " + n.getValue().getSimpleName());
            assertFalse(nested.get("additionalProperties").asBoolean(true), n.getKey() + " is closed");
        }
        assertEquals(EventCodec.SCHEMA_VERSION, 1, "a new schema version needs a new schema file and docs/events.md section");
        assertFalse(root.get("additionalProperties").asBoolean(true), "a field the schema does not know fails validation");
        // Every property says what it means.
        List<String> undocumented = new ArrayList<>();
        root.get("properties").fields().forEachRemaining(p -> {
            if (!p.getValue().hasNonNull("description")) {
                undocumented.add(p.getKey());
            }
        });
        for (String n : NESTED.keySet()) {
            root.at("/properties/" + n + "/properties").fields().forEachRemaining(p -> {
                if (!p.getValue().hasNonNull("description")) {
                    undocumented.add(n + "." + p.getKey());
                }
            });
        }
        assertEquals(List.of(), undocumented, "properties without a description");
    }

    @Test
    void docsEventsMdDescribesEveryField() throws Exception {
        String doc = Files.readString(Paths.get("../docs/events.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String f : wireFields(Event.class)) {
            if (!doc.contains("| `" + f + "` |")) {
                missing.add(f);
            }
        }
        for (Map.Entry<String, Class<?>> n : NESTED.entrySet()) {
            for (String f : wireFields(n.getValue())) {
                if (!doc.contains("| `" + n.getKey() + "." + f + "` |")) {
                    missing.add(n.getKey() + "." + f);
                }
            }
        }
        assertEquals(List.of(), missing, "fields without a row in docs/events.md");
        assertTrue(doc.contains("event/src/main/resources/io/egressguard/event/event.schema.json"), "docs link the schema");
    }

    @Test
    void aFullyPopulatedEventAndTheDocsExampleValidate() throws Exception {
        Event e = new Event();
        e.id = EventIds.next(1_780_000_000_000L);
        e.time = 1_780_000_000_000_000_000L;
        e.action = Action.BLOCKED;
        e.rule = "catalog:segment.io";
        e.severity = Severity.CRITICAL;
        e.api = "okhttp";
        e.host = "api.segment.io";
        e.port = 443;
        e.ip = "203.0.113.9";
        e.vendor = "Segment";
        e.stack = List.of("com.example.Telemetry.send(Telemetry.java:42)");
        e.culprit = new Culprit("com.example.shaded.okhttp3.RealCall.execute(RealCall.java:42)",
                "/app/app.jar!/BOOT-INF/lib/telemetry-1.2-all.jar", "com.example:telemetry:1.2");
        e.culprit.purl = "pkg:maven/com.example/telemetry@1.2?classifier=all";
        e.culprit.evidence = Culprit.FILE_NAME;
        e.culprit.archive = "/app/app.jar";
        e.culprit.relocated = "com.example.shaded.okhttp3";
        e.thread = "main";
        e.jvm = new JvmInfo();
        e.jvm.pid = 4242;
        e.jvm.hostname = "web-1";
        e.jvm.container = "3f2a";
        e.jvm.mainClass = "com.example.App";
        e.jvm.startTime = 1_780_000_000_000L;
        e.jvm.journal = "web-1-4242-1780000000000";
        e.count = 3;
        e.dropped = 0;
        e.overflow = true;
        e.firstTime = 1_779_999_999_000_000_000L;
        e.request = new Request();
        e.request.method = "POST";
        e.request.url = "https://api.segment.io/v1/batch";
        e.request.headers = Map.of("Authorization", List.of("redacted:sha256:0123456789ab"));
        e.payload = new Payload();
        e.payload.size = 38;
        e.payload.sha256 = "0".repeat(64);
        e.payload.preview = "{\"event\":\"app_started\"}";
        e.payload.previewEncoding = "text";
        e.payload.truncated = false;
        e.payload.contentType = "application/json";
        e.payload.contentEncoding = "gzip";
        e.payload.decodedPreview = "{}";
        Schema schema = schema();
        assertEquals(List.of(), schema.validate(new String(EventCodec.encode(e), StandardCharsets.UTF_8), InputFormat.JSON));

        String doc = Files.readString(Paths.get("../docs/events.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```json\n") + 8;
        String example = doc.substring(start, doc.indexOf("```", start));
        assertEquals(List.of(), schema.validate(example, InputFormat.JSON), "the example in docs/events.md");
        EventCodec.decode(example.getBytes(StandardCharsets.UTF_8));

        String unknown = new String(EventCodec.encode(e), StandardCharsets.UTF_8).replace("{\"v\":1,", "{\"v\":1,\"newField\":1,");
        assertEquals(1, schema.validate(unknown, InputFormat.JSON).size(), "an undocumented field fails validation");
    }

    @Test
    void theEvidenceEnumListsCulpritsEvidenceKindsAndAPurlOfEveryKindValidates() throws Exception {
        List<String> listed = new ArrayList<>();
        schemaTree().at("/properties/culprit/properties/evidence/enum").forEach(n -> listed.add(n.asText()));
        assertEquals(List.of(Culprit.POM, Culprit.REPOSITORY_PATH, Culprit.MANIFEST, Culprit.FILE_NAME), listed);
        Schema schema = schema();
        for (String purl : List.of(MavenPurl.of("com.acme", "sdk", "1.2.3-beta.1", null),
                MavenPurl.of("io.netty", "netty-transport-native-epoll", "4.1.100.Final", "linux-x86_64"),
                MavenPurl.of("org.example", "a b", "1.0+build.5", null))) {
            String json = "{\"v\":1,\"id\":\"0123456789abcdef\",\"time\":1,\"count\":0,\"dropped\":0,\"culprit\":{\"purl\":\"" + purl + "\"}}";
            assertEquals(List.of(), schema.validate(json, InputFormat.JSON), purl);
        }
        String bad = "{\"v\":1,\"id\":\"0123456789abcdef\",\"time\":1,\"count\":0,\"dropped\":0,\"culprit\":{\"purl\":\"pkg:npm/x@1\",\"evidence\":\"guess\"}}";
        assertEquals(2, schema.validate(bad, InputFormat.JSON).size());
    }

    /** The JSON names Jackson writes for a type: its public instance fields. */
    static TreeSet<String> wireFields(Class<?> type) {
        TreeSet<String> out = new TreeSet<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers())) {
                out.add(f.getName());
            }
        }
        return out;
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
