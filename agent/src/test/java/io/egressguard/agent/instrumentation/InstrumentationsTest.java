package io.egressguard.agent.instrumentation;

import static org.junit.jupiter.api.Assertions.*;

import io.egressguard.agent.capture.CodeOrigins;
import io.egressguard.agent.capture.PayloadPreview;
import io.egressguard.agent.capture.StackCapture;
import io.egressguard.agent.capture.http.HeaderRedaction;
import io.egressguard.agent.engine.AgentLog;
import io.egressguard.agent.engine.Engine;
import io.egressguard.agent.engine.EventSink;
import io.egressguard.agent.engine.PolicyHolder;
import io.egressguard.agent.engine.RepeatFolder;
import io.egressguard.agent.hooks.EntryHook;
import io.egressguard.policy.Policy;
import io.egressguard.event.Event;
import io.egressguard.event.JvmInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one list of instrumented libraries: ids, names and advice fit together. */
class InstrumentationsTest {
    private static Engine engine() {
        EventSink sink = new EventSink() {
            @Override
            public boolean offer(Event e) {
                return true;
            }

            @Override
            public void lost(long attempts) {
            }
        };
        return new Engine(new PolicyHolder(Policy.defaults()), false, false, new StackCapture(8, new CodeOrigins()),
                new PayloadPreview(1024), new RepeatFolder(sink, 0), new JvmInfo(), new AgentLog(new PrintStream(new ByteArrayOutputStream())),
                new Engine.Settings(new HeaderRedaction(true, Collections.<String>emptyList()), 1024));
    }

    @Test
    void everyHookHasItsPlaceAsIdAUniqueNameAndTheAdviceItsEntryNeeds() {
        Instrumentations all = Instrumentations.all();
        List<EntryHook> hooks = all.hooks();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < hooks.size(); i++) {
            assertEquals(i, hooks.get(i).id(), hooks.get(i).name());
            assertTrue(names.add(hooks.get(i).name()), "unique: " + hooks.get(i).name());
        }
        all.dispatch(engine()).adviseAll(); // every hook that needs advice has it, of its entry's type
    }

    @Test
    void adviceForAnUnknownHookOrTheWrongEntryIsRefusedAtStartUp() {
        Instrumentations all = Instrumentations.all();
        Advice advice = new Advice(all.hooks());
        // (here all hooks stand for one module's: the checks are the same)
        Advice.Request refuseNothing = new Advice.Request() {
            @Override
            public java.io.IOException request(Object request, Object b) {
                return null;
            }
        };
        assertThrows(IllegalStateException.class, () -> advice.request("no-such-hook", refuseNothing));
        assertThrows(IllegalStateException.class, () -> advice.request("netty-connect", refuseNothing), "netty-connect is a SKIP hook");
        assertThrows(IllegalStateException.class, advice::complete, "hooks left without advice");
    }

    @Test
    void eachModuleNamesItsLibraryPackagesAsTransports() {
        CodeOrigins origins = new CodeOrigins(Instrumentations.all().transportPackages());
        assertTrue(origins.isTransport("org.apache.hc.client5.http.impl.classic.InternalHttpClient"));
        assertTrue(origins.isTransport("okhttp3.internal.connection.RealCall"));
        assertTrue(origins.isTransport("io.netty.bootstrap.Bootstrap"));
        assertFalse(origins.isTransport("com.acme.telemetry.Telemetry"));
    }
}
