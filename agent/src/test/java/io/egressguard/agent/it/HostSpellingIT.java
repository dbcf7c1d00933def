package io.egressguard.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.egressguard.agent.itapps.Lookup;
import io.egressguard.event.Event;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 18, "one spelling of a name": under a deny list, {@code telemetry.plane.s\111} was looked
 * up as telemetry.plane.so by glibc while the rules saw another name, and a name with a colon went
 * to a hosts file unjudged. Both are now refused before any query and recorded, the escape by the
 * deny rule itself, the colon as a malformed name; a second escape form ({@code \X}) too.
 */
class HostSpellingIT {
    static List<Path> jdks() {
        return Jdks.homes();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void spellingsOnlyTheResolverUnderstandsAreRefused(Path jdk, @TempDir Path tmp) throws Exception {
        Path queue = tmp.resolve("journal");
        Path policy = Policies.write(tmp.resolve("policy.yaml"), "rules:\n  - deny: telemetry.plane.so\n  - allow: \"*\"\n");
        String escaped = "telemetry.plane.s\\111";
        String literal = "t\\elemetry.plane.so";
        String colon = "x:telemetry.plane.so";
        ForkedJvm.Result r = new ForkedJvm(jdk).agentArgs("policy=" + policy + ",queue=" + queue + ",fold.window=0")
                .run(Lookup.class.getName(), "lookup", "0", escaped, literal, colon);
        assertEquals("blocked-lookup", r.result("lookup:" + escaped), r.toString());
        assertEquals("blocked-lookup", r.result("lookup:" + literal), r.toString());
        assertEquals("blocked-lookup", r.result("lookup:" + colon), r.toString());
        List<Event> events = JournalEvents.readAll(queue);
        assertEquals(3, events.size(), BackstopIT.describe(events));
        assertTrue(events.get(0).rule.contains("deny telemetry.plane.so"), events.get(0).rule);
        assertTrue(events.get(1).rule.contains("deny telemetry.plane.so"), events.get(1).rule);
        assertEquals("malformed host name", events.get(2).rule);
        assertEquals(colon, events.get(2).host, "recorded as the app spelled it");
    }
}
