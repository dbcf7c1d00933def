package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.itapps.LargeBodiesInALoop;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A journal on a volume far smaller than {@code disk.min-free}'s default: it records until it reaches
 * a reserve scaled to the volume, then drops and counts, and never takes the SIGBUS of a mapped write
 * past the last free page (which left damaged entries and could crash the app).
 */
class SmallVolumeIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    /** disk.min-free keeps its 64m default: on this volume the reserve is a tenth of it, not all of it. */
    @ParameterizedTest
    @MethodSource("jdks")
    void withTheDefaultReserveAFloodRecordsUntilATenthOfTheVolumeIsLeft(Path jdk, @TempDir Path tmp) throws Exception {
        floodAFourMebibyteVolume(jdk, tmp, "");
    }

    /** A reserve set below a tenth of the volume: checked once a second, such a disk filled to its last page. */
    @ParameterizedTest
    @MethodSource("jdks")
    void withASmallReserveNoWriteGoesPastItBetweenTwoChecks(Path jdk, @TempDir Path tmp) throws Exception {
        floodAFourMebibyteVolume(jdk, tmp, ",disk.min-free=512k");
    }

    private static void floodAFourMebibyteVolume(Path jdk, Path tmp, String reserveArg) throws Exception {
        int body = 60_000;
        int attempts = 800; // per thread, two threads: ~50 MB of previews for a 4 MiB volume
        try (CanaryServer canary = new CanaryServer(); SmallVolume volume = SmallVolume.mount(tmp.resolve("small"), "4m")) {
            Path queue = volume.dir().resolve("journal");
            String url = "http://" + CanaryServer.ADDRESS + ":" + canary.port() + "/v1/track";
            ForkedJvm.Result r = new ForkedJvm(jdk)
                    .agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue + ",fold.window=0,payload.max=64k" + reserveArg)
                    .run(LargeBodiesInALoop.class.getName(), url, String.valueOf(body), String.valueOf(attempts));
            assertEquals(0, r.exitCode, r.toString());
            assertEquals(String.valueOf(2 * attempts), r.result("blocked"), r.toString());
            assertEquals("0", r.result("other"), r.toString());
            assertEquals(0, canary.seen());
            for (String sign : new String[] {"InternalError", "SIGBUS", "may crash", "write failed"}) {
                assertFalse(r.stderr.contains(sign), "no mapped write past the last free page (" + sign + "):\n" + r);
            }
            assertTrue(r.stderr.contains("KiB free, at its 409 KiB reserve (disk.min-free, at most a tenth of the 4.0 MiB volume)"),
                    "one line says why recording stopped:\n" + r);
            assertTrue(volume.usableBytes() >= 256 << 10, "the volume keeps its reserve: " + volume.usableBytes() + " bytes free");

            // Every entry decodes (a damaged one would throw), and the JVM left a record of itself.
            Map<String, Event> byId = new LinkedHashMap<>();
            for (byte[] raw : JournalEvents.readAllRaw(queue)) {
                Event e = EventCodec.decode(raw);
                byId.putIfAbsent(e.id, e); // the exit spill may write again the event the writer held
            }
            long records = byId.values().stream().filter(e -> e.count > 0).count();
            assertTrue(records >= 10, "recorded until the reserve, not nothing: " + records + "\n" + r);
            long counted = byId.values().stream().mapToLong(e -> e.count).sum();
            long reported = byId.values().stream().mapToLong(e -> e.dropped).sum();
            Matcher closing = Pattern.compile("closed with (\\d+) event\\(s\\) dropped since the last one written").matcher(r.stderr);
            long atExit = closing.find() ? Long.parseLong(closing.group(1)) : 0;
            assertEquals(2L * attempts, counted + reported + atExit, "every attempt recorded or counted:\n" + r);
        }
    }
}
