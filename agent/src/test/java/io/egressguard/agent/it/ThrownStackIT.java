package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.itapps.ThrownAndRecorded;
import io.egressguard.event.Action;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A blocked attempt's record and the exception thrown at its caller share one stack: the record
 * names the exception's event, its frames are the exception's as thrown, and what the app does to
 * the exception afterwards (replace its trace, fill it in again) does not reach the record.
 */
class ThrownStackIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void aBlockedAttemptsRecordHasTheStackItsExceptionWasThrownWith(Path jdk, @TempDir Path tmp) throws Exception {
        try (CanaryServer canary = new CanaryServer()) {
            Path queue = tmp.resolve("journal");
            // fold.window=0: every attempt its own record, as when each is the first of its kind.
            ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + Policies.denyCanary(tmp) + ",queue=" + queue + ",fold.window=0")
                    .run(ThrownAndRecorded.class.getName(), CanaryServer.ADDRESS, String.valueOf(canary.port()));
            assertEquals("", r.agentStderr(), r.toString());
            List<Event> events = JournalEvents.readAll(queue);
            for (String name : Arrays.asList("post", "socket", "udp")) {
                assertEquals("blocked", r.result(name), r.toString());
                String id = r.result(name + ".id");
                List<Event> named = events.stream().filter(e -> e.id.equals(id)).collect(Collectors.toList());
                assertEquals(1, named.size(), name + ": the exception names its record " + id + "\n" + r + "\n" + events);
                Event e = named.get(0);
                assertEquals(Action.BLOCKED, e.action);
                List<String> appFrames = e.stack.stream().filter(f -> f.startsWith(ThrownAndRecorded.class.getName())).collect(Collectors.toList());
                assertEquals(r.result(name + ".frames"), String.join("|", appFrames), name + ": the record's frames are the thrown exception's\n" + e.stack);
                assertTrue(appFrames.size() >= 2, name + ": " + appFrames);
                assertTrue(e.stack.stream().noneMatch(f -> f.contains("Forged")), name + ": " + e.stack);
                assertTrue(e.culprit.frame.startsWith(ThrownAndRecorded.class.getName()), e.culprit.frame);
            }
            assertEquals(0, canary.seen(), "no connection, no byte");
        }
    }
}
