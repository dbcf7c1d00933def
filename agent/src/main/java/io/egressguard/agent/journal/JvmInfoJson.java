package io.egressguard.agent.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.egressguard.event.JvmInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * jvm.json written with Jackson's streaming generator. The journal opens in every JVM that touches
 * the network, most of which never record an event; binding through databind here would load ~580
 * classes at start-up for nothing (docs/benchmarks/history.md, "Start-up"). The
 * fields and the omitted nulls are those databind writes for {@link JvmInfo}: the collector reads
 * the file back with databind.
 */
final class JvmInfoJson {
    private static final JsonFactory JSON = new JsonFactory();

    private JvmInfoJson() {
    }

    static byte[] encode(JvmInfo jvm) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("pid", jvm.pid);
            text(g, "hostname", jvm.hostname);
            text(g, "container", jvm.container);
            text(g, "mainClass", jvm.mainClass);
            g.writeNumberField("startTime", jvm.startTime);
            text(g, "journal", jvm.journal);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
