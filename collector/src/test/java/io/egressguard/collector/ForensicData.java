package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.event.Action;
import io.egressguard.event.Culprit;
import io.egressguard.event.Event;
import io.egressguard.event.Payload;
import io.egressguard.event.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A data set for the forensic report: three stacks of which two share their outermost frames, an
 * event without a stack, a gzip payload with a decoded preview, and a hostile payload that would run
 * script in a report that failed to escape it.
 */
public final class ForensicData {
    public static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    /** Sets the page title, and marks the body, if a browser ever runs it. */
    public static final String HOSTILE = "<script>document.title='pwned'</script>\"><img src=x onerror=\"document.body"
            + ".setAttribute('data-pwned','1')\"><b>bold</b>";
    public static final String SECRET = "{\"user\":\"alice@example.com\",\"plan\":\"pro\"}";
    public static final String RUN = "java.lang.Thread.run(Thread.java:840)";
    public static final String TICK = "com.ex.Scheduler.tick(Scheduler.java:20)";
    public static final String FLUSH = "com.ex.Reporter.flush(Reporter.java:31)";
    public static final String SEND = "com.vendor.Telemetry.send(Telemetry.java:42)";
    public static final String TRACK = "com.vendor.Analytics.track(Analytics.java:7)";

    private ForensicData() {
    }

    public static long at(int minutes) {
        Instant t = T0.plusSeconds(60L * minutes);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Drains the data set into {@code sqlite:tmp/report.db} (or the given store) and returns the store URL. */
    public static String drain(Path tmp, String store) {
        List<Event> events = new ArrayList<>();
        Event telemetry = event(0, "telemetry.plane.so", 443, Action.BLOCKED, 1000, Severity.CRITICAL,
                List.of(SEND, FLUSH, TICK, RUN), new Culprit(SEND, "/app/lib/vendor-sdk-2.1.jar", "com.vendor:sdk:2.1"));
        telemetry.vendor = "Plane";
        // The agent records the package URL and its evidence; the segment event below, of the same jar,
        // is as an older agent wrote it (gav only): the report takes them from whichever has them.
        telemetry.culprit.purl = "pkg:maven/com.vendor/sdk@2.1";
        telemetry.culprit.evidence = Culprit.POM;
        telemetry.payload = gzipPayload(SECRET);
        events.add(telemetry);
        Event segment = event(30, "api.segment.io", 443, Action.BLOCKED, 10, Severity.HIGH,
                List.of(TRACK, FLUSH, TICK, RUN), new Culprit(TRACK, "/app/lib/vendor-sdk-2.1.jar", "com.vendor:sdk:2.1"));
        segment.vendor = "Segment";
        segment.payload = textPayload(HOSTILE);
        events.add(segment);
        events.add(event(45, "api.example.com", 443, Action.MONITORED, 2, Severity.LOW,
                List.of("com.ex.Client.call(Client.java:9)", "com.ex.App.main(App.java:3)"),
                new Culprit("com.ex.Client.call(Client.java:9)", "/app/classes", null)));
        Event noStack = event(50, "db.internal", 5432, Action.ALLOWED, 1, null, null, null);
        noStack.api = "socket";
        events.add(noStack);
        Journals.appendEvents(tmp.resolve("report-queue/jvm-a"), events);
        CliRun drained = CliRun.run("drain", "--queue", tmp.resolve("report-queue").toString(), "--store", store);
        assertEquals(0, drained.code(), drained::toString);
        return store;
    }

    private static Event event(int minute, String host, int port, Action action, int count, Severity severity, List<String> stack,
                               Culprit culprit) {
        Event e = Journals.event(at(minute), host, port, action, count);
        e.severity = severity;
        e.stack = stack;
        e.culprit = culprit;
        e.vendor = null;
        return e;
    }

    private static Payload gzipPayload(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Payload p = new Payload();
        p.size = 5000;
        p.preview = Base64.getEncoder().encodeToString(bytes.toByteArray());
        p.previewEncoding = "base64";
        p.contentType = "application/json";
        p.contentEncoding = "gzip";
        p.decodedPreview = text;
        p.truncated = true;
        return p;
    }

    private static Payload textPayload(String text) {
        Payload p = new Payload();
        p.size = 300;
        p.preview = text;
        p.previewEncoding = "text";
        p.contentType = "text/html";
        return p;
    }
}
