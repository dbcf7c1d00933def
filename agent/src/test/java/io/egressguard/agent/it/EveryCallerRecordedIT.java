package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.egressguard.agent.itapps.ManyCallers;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, "every attempt recorded": four callers on their own threads, through four APIs, try one
 * denied name within a second. Each is refused and each has its record: the memory that keeps an
 * HTTP request's own lookup and connect from being recorded twice once swallowed the others.
 */
class EveryCallerRecordedIT {
    private static final String HOST = "telemetry.plane.so";

    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void eachCallerOfADeniedHostHasItsOwnRecord(Path jdk, @TempDir Path tmp) throws Exception {
        Path queue = tmp.resolve("journal");
        Path policy = Policies.write(tmp.resolve("policy.yaml"), "rules:\n  - deny: " + HOST + "\n");
        ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + policy + ",queue=" + queue).run(ManyCallers.class.getName(), HOST);
        for (String api : new String[] {"urlconnection", "lookup", "httpclient"}) {
            String outcome = r.result(api);
            assertEquals(true, outcome != null && outcome.startsWith("blocked"), api + ": " + r);
        }
        // new Socket(name, port) resolves in InetSocketAddress, which turns our refusal into an
        // unresolved address; its connect then fails with the JDK's own UnknownHostException
        String socket = r.result("socket");
        assertEquals(true, socket.startsWith("blocked") || socket.equals("error:java.net.UnknownHostException:" + HOST), r.toString());
        List<Event> events = JournalEvents.readAll(queue);
        Map<String, Integer> byApi = new TreeMap<>();
        for (Event e : events) {
            assertEquals(HOST, e.host, BackstopIT.describe(events));
            byApi.merge(e.api + " " + e.thread, e.count, Integer::sum);
        }
        assertEquals(4, byApi.size(), "one record per caller: " + byApi + "\n" + BackstopIT.describe(events));
        assertEquals(4, events.size(), BackstopIT.describe(events));
    }
}
