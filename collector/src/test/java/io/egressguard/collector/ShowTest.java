package io.egressguard.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.EventStore;
import io.egressguard.collector.store.ReportRows;
import io.egressguard.collector.store.StoredEvent;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.Payload;
import io.egressguard.event.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowTest {
    private static final long T0 = 1_780_000_000_000_000_000L;

    @TempDir
    Path tmp;
    private String store;
    private final List<Event> events = new ArrayList<>();

    private Event add(Payload payload) {
        Event e = Journals.event(T0 + events.size(), "metrics.tracker.io", 443, Action.BLOCKED, 1);
        e.payload = payload;
        events.add(e);
        return e;
    }

    private static Payload payload(long size, String preview, String encoding) {
        Payload p = new Payload();
        p.size = size;
        p.preview = preview;
        p.previewEncoding = encoding;
        p.sha256 = "ab".repeat(32);
        return p;
    }

    private Event text;
    private Event binary;
    private Event gzip;
    private Event hostile;
    private Event overflow;
    private Event nested;

    @BeforeEach
    void drain() throws Exception {
        text = add(payload(11, "hello\nworld", "text"));
        text.payload.contentType = "text/plain";
        text.request = new Request();
        text.request.method = "POST";
        text.request.url = "https://metrics.tracker.io/v1/collect?k=1";
        text.request.headers = new LinkedHashMap<>();
        text.request.headers.put("Content-Type", List.of("text/plain"));
        text.request.headers.put("Authorization", List.of("<redacted>"));

        byte[] bytes = new byte[20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 13 + 40);
        }
        binary = add(payload(4096, Base64.getEncoder().encodeToString(bytes), "base64"));
        binary.payload.truncated = true;

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
            out.write("{\"user\":\"alice\"}".getBytes(StandardCharsets.UTF_8));
        }
        gzip = add(payload(zipped.size(), Base64.getEncoder().encodeToString(zipped.toByteArray()), "base64"));
        gzip.payload.contentEncoding = "gzip";
        gzip.payload.decodedPreview = "{\"user\":\"alice\"}";

        hostile = add(payload(30, "<script>\u001b]0;x\u0007</script>\r\nline2\u202e", "text"));
        hostile.host = "evil\u001b[31m.example.com";
        hostile.request = new Request();
        hostile.request.url = "https://evil.example.com/\r\nX: y";
        hostile.stack = List.of("a.B.c(B.java:1)\u009b", "com.example.Telemetry.send(Telemetry.java:42)");
        hostile.culprit.frame = "a.B.c(B.java:1)\u009b";
        hostile.culprit.gav = null;

        nested = add(null);
        nested.culprit.frame = "com.vendor.shaded.okhttp3.RealCall.execute(RealCall.java:9)";
        nested.culprit.jar = "/srv/app.jar!/BOOT-INF/lib/vendor-sdk-2.0-all.jar";
        nested.culprit.archive = "/srv/app.jar";
        nested.culprit.gav = "com.vendor:vendor-sdk:2.0";
        nested.culprit.purl = "pkg:maven/com.vendor/vendor-sdk@2.0?classifier=all";
        nested.culprit.evidence = "file-name";
        nested.culprit.relocated = "com.vendor.shaded.okhttp3";

        overflow = add(null);
        overflow.overflow = true;
        overflow.count = 240;
        overflow.time = T0;
        overflow.firstTime = T0 - 2_000_000_000L;

        Journals.appendEvents(tmp.resolve("queue/jvm-a"), events);
        store = "sqlite:" + tmp.resolve("e.db");
        CliRun drained = CliRun.run("drain", "--queue", tmp.resolve("queue").toString(), "--store", store);
        assertEquals(0, drained.code(), drained::toString);
    }

    private CliRun show(Event e) {
        CliRun run = CliRun.run("show", e.id, "--store", store);
        assertEquals(0, run.code(), run::toString);
        assertEquals("", run.err());
        return run;
    }

    @Test
    void aTextPayloadWithHeaderRequestStackAndJvm() {
        CliRun run = show(text);
        List<String> lines = run.outLines();
        assertEquals("id            " + text.id, lines.get(0));
        assertTrue(lines.contains("time          2026-05-28T20:26:40Z"), run::toString);
        assertTrue(lines.contains("action        blocked"), run::toString);
        assertTrue(lines.contains("rule          deny-trackers"), run::toString);
        assertTrue(lines.contains("severity      high"), run::toString);
        assertTrue(lines.contains("vendor        Tracker Inc"), run::toString);
        assertTrue(lines.contains("destination   metrics.tracker.io:443"), run::toString);
        assertTrue(lines.contains("ip            203.0.113.7"), run::toString);
        assertTrue(lines.contains("dropped       0"), run::toString);
        assertTrue(run.out().contains("Request\n  method      POST\n  url         https://metrics.tracker.io/v1/collect?k=1\n"
                + "  headers\n    Content-Type: text/plain\n    Authorization: <redacted>\n"), run::toString);
        assertTrue(run.out().contains("  size        11 bytes\n  sha256      " + "ab".repeat(32) + "\n  truncated   no\n"
                + "  content type text/plain\n"), run::toString);
        assertTrue(run.out().contains("  preview (text)\n    hello\n    world\n"), run::toString);
        assertTrue(run.out().contains("Stack (> culprit)\n"
                + ">   com.example.Telemetry.send(Telemetry.java:42)   [com.example:telemetry:1.2 /app/lib/telemetry-1.2.jar]\n"
                + "    com.example.App.main(App.java:7)\n"), run::toString);
        assertTrue(run.out().contains("JVM\n  pid         4242\n  host        build-1\n  container   -\n"
                + "  main class  com.example.App\n  start       2026-02-02T02:40:00Z\n"), run::toString);
    }

    @Test
    void theCulpritsPurlEvidenceArchiveAndRelocatedPackageAreShownAndAnOlderRecordShowsItsGavAlone() {
        CliRun run = show(nested);
        assertTrue(run.out().contains("Culprit\n  jar         /srv/app.jar!/BOOT-INF/lib/vendor-sdk-2.0-all.jar\n"
                + "  in archive  /srv/app.jar\n  coordinates com.vendor:vendor-sdk:2.0\n"
                + "  purl        pkg:maven/com.vendor/vendor-sdk@2.0?classifier=all\n  evidence    file-name\n"
                + "  relocated   com.vendor.shaded.okhttp3 (another library's package shaded into this jar)\n"), run::toString);
        CliRun old = show(text); // written as agents wrote culprits before issue 16: frame, jar, gav
        assertTrue(old.out().contains("Culprit\n  jar         /app/lib/telemetry-1.2.jar\n  coordinates com.example:telemetry:1.2\n\nJVM"),
                old::toString);
    }

    @Test
    void anOverflowRecordSaysSoWithItsCountAndTimesAndAnOrdinaryOneDoesNot() {
        CliRun run = show(overflow);
        assertTrue(run.outLines().contains("count         240"), run::toString);
        assertTrue(run.outLines().contains("overflow      yes: 240 attempt(s) from 2026-05-28T20:26:38Z to 2026-05-28T20:26:40Z"
                + " kept as one record (the agent's ring was full)"), run::toString);
        assertTrue(run.out().contains("Stack (> culprit)\n"), "the first attempt's stack: " + run);
        assertFalse(show(text).out().contains("overflow"), "an ordinary record");
    }

    @Test
    void aBinaryPayloadIsAHexDump() {
        CliRun run = show(binary);
        assertTrue(run.out().contains("  truncated   yes\n"), run::toString);
        assertTrue(run.out().contains("  preview (20 bytes, hex)\n"
                + "    00000000  28 35 42 4f 5c 69 76 83  90 9d aa b7 c4 d1 de eb  |(5BO\\iv.........|\n"
                + "    00000010  f8 05 12 1f                                       |....|\n"), run::toString);
    }

    @Test
    void aGzipPayloadShowsItsBytesAndTheDecodedPreview() {
        CliRun run = show(gzip);
        assertTrue(run.out().contains("  encoding    gzip\n"), run::toString);
        assertTrue(run.out().contains("    00000000  1f 8b 08 00"), run::toString);
        assertTrue(run.out().contains("  decoded preview\n    {\"user\":\"alice\"}\n"), run::toString);
    }

    @Test
    void hostileValuesAreEscapedAndAFrameWithoutGavShowsItsJar() {
        CliRun run = show(hostile);
        assertFalse(run.out().chars().anyMatch(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e),
                "no raw control characters:\n" + run.out());
        assertTrue(run.out().contains("destination   evil\\x1b[31m.example.com:443\n"), run::toString);
        assertTrue(run.out().contains("  url         https://evil.example.com/\\x0d\\x0aX: y\n"), run::toString);
        assertTrue(run.out().contains("    <script>\\x1b]0;x\\x07</script>\\x0d\n    line2\\u202e\n"), run::toString);
        assertTrue(run.out().contains(">   a.B.c(B.java:1)\\x9b   [telemetry-1.2.jar]\n    com.example.Telemetry.send"), run::toString);
    }

    @Test
    void anUnknownIdIsOneLineAndExitOne() {
        CliRun run = CliRun.run("show", "0000nope", "--store", store);
        assertEquals(1, run.code(), run::toString);
        assertEquals(List.of("egressguard show: no event with id 0000nope in store " + store), run.errLines());
        assertEquals("", run.out());
        CliRun missing = CliRun.run("show", "--store", store);
        assertEquals(2, missing.code(), missing::toString);
        assertEquals(1, missing.errLines().size(), missing::toString);
    }

    @Test
    void theDefaultLookupScansAStoreWithoutItsOwn() {
        EventStore scanning = new ScanOnlyStore(events);
        try (SqliteEventStore sqlite = SqliteEventStore.open(tmp.resolve("e.db"), false)) {
            for (Event e : events) {
                assertEquals(sqlite.eventJson(e.id), scanning.eventJson(e.id));
            }
            assertEquals(Optional.empty(), sqlite.eventJson("nope"));
        }
        assertEquals(Optional.empty(), scanning.eventJson(events.get(0).id.substring(2)));
    }

    /** A store with nothing but forEachEventJson, to exercise the interface's default lookup. */
    private static final class ScanOnlyStore implements EventStore {
        private final List<Event> events;

        ScanOnlyStore(List<Event> events) {
            this.events = events;
        }

        @Override
        public void forEachEventJson(EventFilter filter, Consumer<String> sink) {
            events.forEach(e -> sink.accept(new String(EventCodec.encode(e), StandardCharsets.UTF_8)));
        }

        @Override
        public void migrate() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Long> positions() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int commit(List<StoredEvent> batch, List<io.egressguard.collector.store.Damage> damaged, Map<String, Long> positions) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ReportRows.Summary summary(EventFilter filter) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ReportRows.Destination> byDestination(EventFilter filter, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ReportRows.Culprit> byCulprit(EventFilter filter, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
