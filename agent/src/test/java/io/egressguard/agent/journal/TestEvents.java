package io.egressguard.agent.journal;

import io.egressguard.event.Action;
import io.egressguard.event.Event;
import io.egressguard.event.EventCodec;
import io.egressguard.event.EventIds;
import io.egressguard.event.JvmInfo;
import io.egressguard.event.Payload;
import io.egressguard.event.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Events and JVM identities for tests. Free of Chronicle types, so using it loads none. */
final class TestEvents {
    private TestEvents() {
    }

    static JvmInfo jvm() {
        JvmInfo jvm = new JvmInfo();
        jvm.pid = ProcessHandle.current().pid();
        jvm.hostname = "test-host";
        jvm.mainClass = "io.egressguard.Test";
        jvm.startTime = System.currentTimeMillis();
        return jvm;
    }

    /** An event of roughly {@code size} bytes of JSON. */
    static Event event(int n, int size) {
        Event e = new Event();
        long now = System.currentTimeMillis();
        e.id = EventIds.next(now);
        e.time = now * 1_000_000L;
        e.action = Action.BLOCKED;
        e.rule = "deny-trackers";
        e.severity = Severity.HIGH;
        e.api = "okhttp";
        e.host = "tracker" + n + ".example.com";
        e.port = 443;
        e.ip = "203.0.113." + (n & 0xff);
        e.thread = "main";
        List<String> stack = new ArrayList<>();
        stack.add("com.example.Telemetry.send(Telemetry.java:42)");
        e.stack = stack;
        int have = EventCodec.encode(e).length;
        if (size > have + 40) {
            Payload p = new Payload();
            char[] fill = new char[size - have - 40];
            Arrays.fill(fill, 'x');
            p.preview = new String(fill);
            p.size = fill.length;
            p.previewEncoding = "text";
            e.payload = p;
        }
        return e;
    }
}
