package io.egressguard.collector.report.forensic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.egressguard.collector.ForensicData;
import io.egressguard.collector.store.EventFilter;
import io.egressguard.collector.store.sqlite.SqliteEventStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium (Debian's {@code chromium}; .ci/run installs it) and
 * reads back the DOM after load: the sections are there and the hostile payload stayed text. The
 * report is rendered twice, with its Content-Security-Policy and without it, so that the escaping
 * alone is proven to keep the payload inert (with the policy a failed escape could go unnoticed).
 * Chromium gets no network: every host name resolves to nothing and every proxy goes to a closed
 * loopback port. The screenshot is kept under target/report-screenshots as a build artifact.
 */
class HtmlReportChromiumTest {
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private static String chromium;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findChromium() {
        chromium = Chromium.find();
        assumeTrue(chromium != null, "HTML report browser test skipped: no chromium, chromium-browser or google-chrome on PATH"
                + " (install Debian's chromium package; .ci/run does when it may)");
    }

    private ForensicReport report() {
        ForensicData.drain(tmp, "sqlite:" + tmp.resolve("report.db"));
        try (SqliteEventStore store = SqliteEventStore.open(tmp.resolve("report.db"), false)) {
            ForensicReport.Scope scope = new ForensicReport.Scope(Instant.now(), "sqlite:report.db", null, null, null, null, null, 50);
            return new ReportBuilder(store, 50).build(EventFilter.ALL, scope);
        }
    }

    private Path write(ForensicReport report, boolean csp, String name) throws IOException {
        Path file = tmp.resolve(name);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            new HtmlReport(csp).write(report, out);
        }
        return file;
    }

    @Test
    void sectionsRenderAndNoInjectedScriptRunsWithOrWithoutThePolicy() throws Exception {
        ForensicReport report = report();
        for (boolean csp : new boolean[] {true, false}) {
            Path file = write(report, csp, csp ? "report.html" : "report-without-csp.html");
            String dom = Chromium.run(chromium, tmp, List.of("--dump-dom", file.toUri().toString()));
            String what = csp ? "with CSP" : "without CSP";
            assertTrue(dom.contains("<title>egressguard report</title>"), what + ": the title was not changed:\n" + dom);
            assertFalse(dom.contains("pwned</title>"), what);
            assertFalse(dom.matches("(?s).*<body[^>]*data-pwned.*"), what + ": the onerror handler did not run");
            assertFalse(dom.contains("<img"), what + ": no image element was created");
            assertFalse(dom.contains("<script"), what + ": no script element was created");
            assertFalse(dom.contains("<b>bold</b>"), what + ": no markup from the payload");
            assertTrue(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), what + ": the payload shows as text");
            for (String id : List.of("summary", "destinations", "call-sites", "code-paths", "dependencies", "timeline", "payloads")) {
                assertTrue(dom.contains("id=\"" + id + "\""), what + ": section " + id);
            }
            assertTrue(dom.contains("<svg"), what + ": the timeline chart");
            assertTrue(dom.contains(ForensicData.SECRET.replace("\"", "&quot;")) || dom.contains(ForensicData.SECRET),
                    what + ": the decoded payload");
        }

        Files.createDirectories(SCREENSHOTS);
        Path png = SCREENSHOTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Chromium.run(chromium, tmp, List.of("--screenshot=" + png, "--window-size=1280,2400",
                write(report, true, "report.html").toUri().toString()));
        assertTrue(Files.size(png) > 10_000, "a screenshot with content at " + png);
        byte[] magic = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, magic, 0, 8);
        assertEquals("\u0089PNG", new String(magic, 0, 4, StandardCharsets.ISO_8859_1));
    }

    /** Finding and running headless Chromium without letting it reach any network. */
    static final class Chromium {
        private Chromium() {
        }

        static String find() {
            String path = System.getenv("PATH");
            if (path == null) {
                return null;
            }
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                for (String dir : path.split(java.io.File.pathSeparator)) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
            return null;
        }

        static String run(String chromium, Path work, List<String> args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                    "--disable-domain-reliability", "--metrics-recording-only", "--hide-scrollbars",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                    "--user-data-dir=" + work.resolve("chromium-profile"), "--virtual-time-budget=2000"));
            command.addAll(args);
            Path out = work.resolve("chromium.out");
            Path err = work.resolve("chromium.err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
            }
            assertEquals(0, p.exitValue(), () -> "chromium failed: " + readQuietly(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        private static String readQuietly(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
