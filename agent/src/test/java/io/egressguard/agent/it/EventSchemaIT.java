package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.egressguard.agent.itapps.BackstopPaths;
import io.egressguard.agent.itapps.UrlConnectionCalls;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records that forked JVMs journal under the packaged agent, exactly as written, validate
 * against event.schema.json (docs/events.md): blocked, monitored-free allowed ones (record=all),
 * every JDK path, and an HTTP request with headers and a gzip body.
 */
class EventSchemaIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    static Schema schema() throws Exception {
        try (InputStream in = Event.class.getResourceAsStream("/io/egressguard/event/event.schema.json")) {
            assertNotNull(in, "event.schema.json is in the event jar");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void everyJournaledRecordValidatesAgainstTheSchema(Path jdk, @TempDir Path tmp) throws Exception {
        Path queue = tmp.resolve("journal");
        try (CanaryServer canary = new CanaryServer(); LoopbackServer local = new LoopbackServer()) {
            Path policy = Policies.denyCanary(tmp);
            // every JDK path refused, with UDP payloads
            ForkedJvm.Result blocked = new ForkedJvm(jdk).agentArgs("policy=" + policy + ",queue=" + queue)
                    .run(BackstopPaths.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()));
            assertEquals(0, blocked.exitCode, blocked.toString());
            // allowed calls, recorded with record=all
            ForkedJvm.Result allowed = new ForkedJvm(jdk).agentArgs("policy=" + policy + ",queue=" + queue + ",record=all")
                    .run(BackstopPaths.class.getName(), "127.0.0.1", String.valueOf(local.port()), "socket", "udp-socket");
            assertEquals(0, allowed.exitCode, allowed.toString());
            // an HTTP POST with headers and a gzip body to a catalog tracker, refused by name
            ForkedJvm.Result http = new ForkedJvm(jdk).agentArgs("queue=" + queue)
                    .run(UrlConnectionCalls.class.getName(), "buffered", "http://api.segment.io/v1/batch", "gzip");
            assertTrue("blocked-lookup".equals(http.result("post")) || "blocked".equals(http.result("post")), http.toString());
            assertEquals(0, canary.seen());
        }

        Schema schema = schema();
        List<byte[]> records = JournalEvents.readAllRaw(queue);
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (byte[] record : records) {
            String json = new String(record, StandardCharsets.UTF_8);
            List<Error> errors = schema.validate(json, InputFormat.JSON);
            if (!errors.isEmpty()) {
                problems.add(errors + " in " + json);
            }
            Event e = EventCodec.decode(record);
            seen.add(e.action.wireName() + ":" + e.api);
            if (e.request != null) {
                seen.add("request");
            }
            if (e.payload != null) {
                seen.add("payload");
            }
            if (e.culprit != null && e.jvm != null) {
                seen.add("culprit+jvm");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(records.size() >= 10, "records from every path: " + records.size());
        assertTrue(seen.containsAll(List.of("blocked:socket", "blocked:udp", "allowed:socket", "request", "payload", "culprit+jvm")),
                "the records cover the schema's parts: " + seen);
    }
}
